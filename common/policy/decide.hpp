// decide.hpp: module results translated into Verdicts, and the one log line
// per decision. Kept apart from the session so every stage words its
// decisions the same way.
#pragma once
#include <string>
#include <string_view>

#include "access/decision.hpp"
#include "scan/decide.hpp"
#include "policy/verdict.hpp"

namespace mp::policy {

Verdict from_access(const access::Decision& d);
Verdict from_scan(const scan::Decision& d);
// "stage: <detail> action=reject reply=\"550 5.7.1 ...\" reason=..." at info;
// nothing for a Continue without a reason.
void log_decision(std::string_view qid, std::string_view stage, std::string_view detail, const Verdict& v);

}  // namespace mp::policy
