// match.cpp: see match.hpp.
#include "rules/match.hpp"

#include "rules/ruleset.hpp"

namespace mp::rules {

namespace {

using config::Type;
using Opt = Options;

constexpr std::string_view kSpfWords[] = {"pass", "fail", "softfail", "neutral", "none", "temperror", "permerror"};

Result<std::string> spf_word(std::string_view text) {
    for (auto w : kSpfWords)
        if (w == text) return std::string(w);
    return fail("'" + std::string(text) + "' is not an SPF result (pass fail softfail neutral none temperror permerror)");
}

Result<Regex> body_pattern(std::string_view text) {
    if (text.empty()) return fail("empty pattern (leave the option out to match anything)");
    return Regex::compile(text);
}

Result<Compare> size_cond(std::string_view t) { return parse_compare(t, true); }
Result<Compare> count_cond(std::string_view t) { return parse_compare(t, false); }

bool from(const Opt& o, bool set, Stage s) { return !set || o.stage >= s; }

}  // namespace

std::vector<config::Row<Options>> with_match_rows(std::vector<config::Row<Options>> rows) {
    rows.push_back({.name = "body", .type = Type::String, .to = config::parsed<&Opt::body>(body_pattern),
                    .doc = "pcre2 pattern on each line of the decoded text parts of the body (stage eom)"});
    rows.push_back({.name = "size", .type = Type::String, .to = config::parsed<&Opt::size>(size_cond),
                    .doc = "\"> 10m\": message size (SIZE= from stage mail, the counted message at eom)"});
    rows.push_back({.name = "rcpt_count", .type = Type::String, .to = config::parsed<&Opt::rcpt_count>(count_cond),
                    .doc = "\">= 20\": accepted recipients (stage data or later)"});
    rows.push_back({.name = "spf", .type = Type::StringList, .to = config::each<&Opt::spf>(spf_word),
                    .doc = "SPF results of this transaction: pass fail softfail neutral none temperror permerror"});
    rows.push_back({.name = "tls", .type = Type::Enum,
                    .to = config::one_of<&Opt::tls>({{"verified", Tls::Verified}, {"any", Tls::Any}, {"none", Tls::None}}),
                    .doc = "verified: a verified client certificate; any: STARTTLS; none: plain text"});
    return rows;
}

std::vector<config::Rule<Options>> match_rules() {
    return {
        {.options = {"stage", "body"}, .message = "body needs stage eom",
         .holds = [](const Opt& o) { return !o.body || o.stage == Stage::Eom; }},
        {.options = {"stage", "size"}, .message = "size needs stage mail or later",
         .holds = [](const Opt& o) { return from(o, o.size.has_value(), Stage::Mail); }},
        {.options = {"stage", "rcpt_count"}, .message = "rcpt_count needs stage data or later",
         .holds = [](const Opt& o) { return from(o, o.rcpt_count.has_value(), Stage::Data); }},
        {.options = {"stage", "spf"}, .message = "spf needs stage mail or later",
         .holds = [](const Opt& o) { return from(o, !o.spf.empty(), Stage::Mail); }},
        {.options = {"stage", "tls"}, .message = "tls needs stage mail or later (STARTTLS follows the first EHLO)",
         .holds = [](const Opt& o) { return from(o, o.tls.has_value(), Stage::Mail); }},
        {.options = {"stage", "action"}, .message = "action quarantine needs stage mail or later (a message to hold)",
         .holds = [](const Opt& o) { return from(o, o.action == Action::Quarantine, Stage::Mail); }},
    };
}

config::Bind<Options> reply_binding(Result<verdict::Reply> (*parse)(std::string_view)) {
    config::Bind<Options> b;
    b.types = {Type::String};
    b.write = [parse](const config::Section& s, std::string_view n, Options& o) -> std::optional<std::string> {
        std::string text = s.str(n);
        if (o.action != Action::Quarantine) {
            auto r = parse(text);
            if (!r) return r.error().message;
            o.reply = *r;
            return std::nullopt;
        }
        if (text.empty()) return "a quarantine reason must not be empty";
        for (char c : text)
            if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return "a quarantine reason must not hold control characters";
        o.quarantine_reason = text;
        return std::nullopt;
    };
    return b;
}

bool facts_match(const Options& r, const Facts& f) {
    if (r.size && (!f.size || !r.size->holds(*f.size))) return false;
    if (r.rcpt_count && !r.rcpt_count->holds(f.rcpt_count)) return false;
    if (!r.spf.empty()) {
        bool any = false;
        for (const auto& w : r.spf) any = any || (!f.spf.empty() && w == f.spf);
        if (!any) return false;
    }
    if (r.tls) {
        bool ok = *r.tls == Tls::Verified ? f.tls_verified : *r.tls == Tls::Any ? f.tls : !f.tls;
        if (!ok) return false;
    }
    return true;
}

Result<std::optional<std::string>, MatchError> match_lines(const Regex& re, std::string_view text, const Limits& l) {
    while (!text.empty()) {
        size_t nl = text.find('\n');
        std::string_view line = text.substr(0, nl);
        text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
        auto r = re.match(line, l);
        if (!r || *r) return r;
    }
    return std::optional<std::string>{};
}

bool RuleSet::reads_body() const {
    for (const auto& r : rules_)
        if (r.body || (r.size && r.stage == Stage::Eom)) return true;
    return false;
}

bool RuleSet::matches_body() const {
    for (const auto& r : rules_)
        if (r.body) return true;
    return false;
}

bool RuleSet::counts_body() const {
    for (const auto& r : rules_)
        if (r.size && r.stage == Stage::Eom) return true;
    return false;
}

}  // namespace mp::rules
