// ruleset.hpp: the rules of one configuration, in file order, and their
// evaluation at one stage. The policy session builds a Facts for the stage it
// is at and asks evaluate(); nothing here knows the MTA or keeps state
// between calls, so a RuleSet is immutable and shared by every session.
//
// Semantics (docs/rules.md): the rules naming the stage are tried in file
// order; a rule matches when every matcher it has matches (no matcher: it
// always matches). The first matching rule decides, except action continue,
// after which evaluation goes on (its add_header is kept). A pattern hitting
// its match limit takes the rule's on_match_error and is logged with the
// queue id: tempfail (451 4.3.0), accept, or continue (the rule is skipped).
#pragma once
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "dnsbl/listing.hpp"
#include "rules/options.hpp"
#include "rules/settings.hpp"
#include "util/net.hpp"
#include "verdict/verdict.hpp"

namespace mp::rules {

// What is known at the stage; later fields are empty at earlier stages.
struct Facts {
    Stage stage = Stage::Connect;
    std::optional<util::IpAddr> client;  // unknown: `client` matchers do not match
    std::string_view client_name, helo, from, rcpt, qid;
    bool authenticated = false;
    // Header fields seen so far, name and unfolded value (stage header: the
    // last one is the field just received).
    const std::vector<std::pair<std::string, std::string>>* headers = nullptr;
    // match.hpp: SIZE= (from mail on) or the counted message (eom); unknown:
    // `size` does not match. Accepted recipients; the SPF result word ("" =
    // not checked: `spf` does not match); TLS; the decoded body text (eom).
    std::optional<uint64_t> size{};
    size_t rcpt_count = 0;
    std::string_view spf{};
    bool tls = false, tls_verified = false;
    std::string_view body{};
    // The DNS lists the client is on (asked at connect); null: none asked.
    const dnsbl::Listings* listings = nullptr;
};

// Per-rule greylisting: the deciding rule and the delays it sets (0 = the
// greylisting section's own).
struct Greylist {
    std::string rule;
    std::chrono::seconds grey_wait{0}, white_expire{0};
};

struct Outcome {
    verdict::Verdict verdict;          // Continue: no rule decided (headers may still be added)
    std::optional<Greylist> greylist;  // action greylist
    bool skip_greylisting = false;     // action skip_greylisting
    std::string rule;                  // the deciding rule's label
};

class RuleSet {
public:
    RuleSet() = default;
    explicit RuleSet(std::vector<Options> rules) : rules_(std::move(rules)) {}
    RuleSet(std::vector<Options> rules, Settings s) : rules_(std::move(rules)), settings_(s) {}

    Outcome evaluate(const Facts& f) const;
    bool empty() const { return rules_.empty(); }
    bool has_stage(Stage s) const;
    const std::vector<Options>& rules() const { return rules_; }
    const Settings& settings() const { return settings_; }
    // Some rule reads the body (a body pattern, or size at eom counts it).
    bool reads_body() const;
    bool counts_body() const;   // a size rule at eom: all of the body
    bool matches_body() const;  // a body pattern: the MIME walker is needed

private:
    std::vector<Options> rules_;
    Settings settings_;
};

// The `rule` sections under `root`, in file order; every section's error.
Result<RuleSet, config::Diagnostics> ruleset_from(const config::Section& root);

// "...%t..." with %t replaced by `matched` (control bytes shown as '?') and %% by %.
std::string expand(std::string_view text, std::string_view matched);

}  // namespace mp::rules
