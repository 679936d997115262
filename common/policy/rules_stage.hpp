// rules_stage.hpp: the policy's hook into common/rules. build_rules() reads
// the `rule` sections when an Engine is built (and a Greylister with the
// rule's own delays for each greylist rule that sets them); rules_at() asks
// the rules at one stage with what the session knows, keeps the headers
// matching rules add for end-of-data, and logs the deciding rule.
#pragma once
#include <string_view>
#include <utility>

#include "config/config.hpp"
#include "rules/ruleset.hpp"

namespace mp::greylist {
class Greylister;
}

namespace mp::policy {

class Engine;
struct EngineParts;
struct SessionState;

// After build_greylist(): a greylist rule needs the greylisting section.
void build_rules(const config::Section& root, EngineParts& p, config::Diagnostics& d);

// `rcpt` at stage rcpt; `header` (name, value) at stage header.
rules::Outcome rules_at(const Engine& e, SessionState& st, rules::Stage stage, std::string_view rcpt = {},
                        const std::pair<std::string, std::string>* header = nullptr);

// The greylister a rule's greylist outcome names: its own delays, or the
// greylisting section's (also when no rule chose one).
greylist::Greylister* greylister_for(const Engine& e, const rules::Outcome& o);

}  // namespace mp::policy
