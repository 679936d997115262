// decide.hpp: a scan outcome plus the scanner's options -> the verdict on the
// message. Pure function, no I/O, so the whole mapping is one unit-test table.
//
// Mapping (authenticated senders use on_fail_authenticated when it is set):
//   Clean            continue (+ X-Virus-Status: Clean with add_headers)
//   Infected(v)      on_infected: reject/tempfail with `reply` (%v = v),
//                    discard, quarantine (reason "virus v"), accept (+ Infected (v))
//   Failed(r)        on_fail: tempfail 451 4.3.0 / reject 554 5.3.0 / accept (+ Unscanned)
//   Oversize(n)      on_oversize: accept (+ Unscanned) / tempfail 452 4.3.4 / reject 552 5.3.4
//   AmavisAnswer     amavisd's own return_value, setreply, header and rcpt edits;
//                    quarantine=... turns continue/accept into quarantine
#pragma once
#include <string>
#include <string_view>

#include "scan/options.hpp"
#include "scan/outcome.hpp"
#include "verdict/verdict.hpp"

namespace mp::scan {

// The reason (for the log line) names the scanner: "scanner clam: infected Eicar-Test".
verdict::Verdict decide(const Options& options, const Outcome& outcome, bool authenticated);

// Expand %v (virus name, reduced to printable ASCII without '%') and %% in a reply text.
std::string expand_reply(std::string_view text, std::string_view virus);

}  // namespace mp::scan
