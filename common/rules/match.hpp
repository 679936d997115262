// match.hpp: the matchers on what the session knows besides names and
// patterns (message size, recipient count, SPF result, TLS, the decoded
// body), and the quarantine action's reason: their option rows and
// cross-option rules, added to the rule table (options.cpp), and their
// evaluation, called by RuleSet::evaluate (ruleset.cpp).
//
// Stages: size from mail on (SIZE= until end of data, then the counted
// message), rcpt_count from data on, spf and tls from mail on (STARTTLS comes
// after the first EHLO), body only at eom, quarantine from mail on.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "config/table.hpp"
#include "rules/options.hpp"
#include "rules/regex.hpp"
#include "verdict/reply.hpp"

namespace mp::rules {

struct Facts;

// The rule table's rows with the rows of these matchers appended.
std::vector<config::Row<Options>> with_match_rows(std::vector<config::Row<Options>> rows);
std::vector<config::Rule<Options>> match_rules();
// The reply row: an SMTP reply through `parse`, or for action quarantine
// (read before it) the reason text.
config::Bind<Options> reply_binding(Result<verdict::Reply> (*parse)(std::string_view));

// size, rcpt_count, spf, tls: false when one of them does not match.
bool facts_match(const Options& r, const Facts& f);

// The body pattern on each line of `text` ('\n'-separated): the first
// matching line's matched text, nothing, or the limit error.
Result<std::optional<std::string>, MatchError> match_lines(const Regex& re, std::string_view text, const Limits& l);

}  // namespace mp::rules
