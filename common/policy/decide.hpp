// decide.hpp: an access decision translated into a Verdict, and the one log
// line per decision, counted (metrics/events.hpp). Kept apart from the session so every stage words its
// decisions the same way. (Scanners return a verdict::Verdict themselves.)
#pragma once
#include <string>
#include <string_view>

#include "access/decision.hpp"
#include "metrics/events.hpp"
#include "verdict/verdict.hpp"

namespace mp::policy {

// Reject/Tempfail carry the access reply; both discards discard; ok, relay
// and discard-rcpt go on. The reason names the deciding entry
// ("access LHS<tab>RHS"), the kind for ok/relay/discard-rcpt, and delay_checks.
verdict::Verdict from_access(const access::Decision& d);
// "stage: <detail> action=reject reply=\"550 5.7.1 ...\" reason=..." at info
// (tabs as spaces); nothing for a Continue without a reason.
std::string decision_line(std::string_view stage, std::string_view detail, const verdict::Verdict& v);
// Which check made `v` (from its reason), for the decision counters.
metrics::Reason decided_by(std::string_view stage, const verdict::Verdict& v);
// Logs decision_line() and counts it in milterpack_decisions_total.
void log_decision(std::string_view qid, std::string_view stage, std::string_view detail, const verdict::Verdict& v);

}  // namespace mp::policy
