// decide.hpp: a scan outcome plus the scanner's options -> what to do with the
// message. Pure function, no I/O, so the whole mapping is one unit-test table.
// Decision mirrors policy::Verdict field by field (scan does not depend on
// policy/); the pipeline copies it over.
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
#include <vector>

#include "scan/options.hpp"
#include "scan/outcome.hpp"

namespace mp::scan {

enum class Action { Continue, Accept, Reject, Tempfail, Discard, Quarantine };

struct Decision {
    Action action = Action::Continue;
    std::string rcode;  // empty: the MTA's default reply for the action
    std::string xcode;
    std::string text;
    std::string reason;  // for the log line: "scanner clam: infected Eicar-Test"
    std::vector<HeaderEdit> headers;
    std::vector<std::string> add_rcpts, del_rcpts;
    std::string quarantine_reason;
};

Decision decide(const Options& options, const Outcome& outcome, bool authenticated);

// Expand %v (virus name, reduced to printable ASCII without '%') and %% in a reply text.
std::string expand_reply(std::string_view text, std::string_view virus);

const char* action_name(Action a);

}  // namespace mp::scan
