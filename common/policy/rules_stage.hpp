// rules_stage.hpp: the policy's hook into common/rules. build_rules() reads
// the `rule` sections when an Engine is built (and a Greylister with the
// rule's own delays for each greylist rule that sets them); rules_at() asks
// the rules at one stage with what the session knows, keeps the headers
// matching rules add for end-of-data, and logs the deciding rule. A
// quarantine chosen before end of data is kept and applied there (libmilter
// quarantines only at end of data).
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

// Headers and body as they come: the message is counted (size at eom) and,
// when some rule reads the body, fed to the MIME walker.
void rules_header(const Engine& e, SessionState& st, std::string_view name, std::string_view value);
void rules_body(const Engine& e, SessionState& st, std::string_view chunk);
// True while the rules need more body (a size rule at eom counts all of it).
bool rules_read_body(const Engine& e, const SessionState& st);
// The eom rules; a quarantine an earlier rule chose when they do not decide.
rules::Outcome rules_eom(const Engine& e, SessionState& st);
void rules_reset(SessionState& st);  // a new transaction, or its end

// The greylister a rule's greylist outcome names: its own delays, or the
// greylisting section's (also when no rule chose one).
greylist::Greylister* greylister_for(const Engine& e, const rules::Outcome& o);

}  // namespace mp::policy
