// hold.hpp: a scanner's pause after a scan ran into its timeout. While the
// pause lasts, ChainJob does not ask that scanner: each message gets the
// scanner's on_fail at once, logged with its queue id.
//
// Why: a scanner that stopped answering (SIGSTOPped, swapping, a hung
// child) still has every request it was sent queued on its socket. When it
// resumes, it works through them although their clients have gone, and
// amavisd ends the child process that handled each one ("Can't write
// response to socket: Broken pipe ... process rundown"). New requests queue
// behind the dead ones, time out in turn and become dead ones themselves: on
// a loaded host amavisd never catches up (integration.faults.amavis saw 60 s
// of tempfails after SIGCONT). A pause lets it drain; Postfix treats an
// unresponsive destination the same way (a dead destination is skipped
// until its backoff time).
//
//   Hold h;                                              // one per Scanner
//   if (auto left = h.left(now); left.count()) ...;      // paused: on_fail
//   h.after_scan(timed_out(outcome, elapsed, timeout), now, options.hold_after_timeout);
//
// Guarantees: pure logic on `now` (unit-tested); lock-free (one atomic),
// shared by every thread using the scanner. A failure that is not a timeout
// (connection refused: nothing queued) starts no pause.
#pragma once
#include <atomic>
#include <chrono>
#include <cstdint>

#include "scan/endpoint.hpp"
#include "scan/outcome.hpp"

namespace mp::scan {

class Hold {
public:
    std::chrono::milliseconds left(Clock::time_point now) const;
    void after_scan(bool timed_out, Clock::time_point now, std::chrono::milliseconds hold);

private:
    std::atomic<int64_t> until_ns_{0};  // steady_clock, since its epoch; 0: none
};

// True when a scan failed having used its whole timeout: no answer in time.
bool timed_out(const Outcome& o, Clock::duration elapsed, std::chrono::milliseconds timeout);

}  // namespace mp::scan
