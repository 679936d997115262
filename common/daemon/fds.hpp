// fds.hpp: file descriptors of the daemon. Each MTA connection holds one, and
// libmilter retries accept() on EMFILE/ENFILE silently (a busy loop that logs
// nothing and accepts nothing new until a connection closes), so the daemon
// raises its own limit at start and watches the count itself:
//   daemon::raise_fd_limit();            // soft RLIMIT_NOFILE = hard, at start
//   daemon::FdWatch w; w.check();        // once a second (the reload thread)
// FdWatch logs one error when the descriptors run out and one notice when they
// are available again, never one per check.
#pragma once
#include <string>

#include "util/result.hpp"

namespace mp::daemon {

// Raise the soft RLIMIT_NOFILE to the hard one; the new soft limit.
Result<long> raise_fd_limit();

// True when `open` descriptors leave too few of `limit` for a new connection
// and its peers (a scanner socket, a spool file): fewer than max(8, limit/32).
bool fds_short(long open, long limit);

class FdWatch {
public:
    void check();

private:
    bool short_ = false;
};

}  // namespace mp::daemon
