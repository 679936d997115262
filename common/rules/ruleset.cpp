// ruleset.cpp: rule evaluation at one stage. See ruleset.hpp.
#include "rules/ruleset.hpp"

#include "rules/listed.hpp"
#include "rules/match.hpp"
#include "util/log.hpp"
#include "util/strings.hpp"

namespace mp::rules {

namespace {

// The result of one rule's matchers: no match, a match (with the text the
// last pattern matched, for %t), or a pattern error.
struct Match {
    bool matched = true;
    std::string text;
    std::optional<MatchError> error;
};

void pattern(Match& m, const std::optional<Regex>& re, std::string_view subject, const Limits& l) {
    if (!m.matched || m.error || !re) return;
    auto r = re->match(subject, l);
    if (!r) m.error = r.error();
    else if (!*r) m.matched = false;
    else m.text = **r;
}

void header(Match& m, const std::optional<HeaderMatch>& h, const Facts& f, const Limits& l) {
    if (!m.matched || m.error || !h) return;
    m.matched = false;
    if (!f.headers) return;
    for (const auto& [name, value] : *f.headers) {
        if (!util::iequals(name, h->name)) continue;
        auto r = h->value.match(value, l);
        if (!r) {
            m.error = r.error();
            return;
        }
        if (*r) {
            m.matched = true;
            m.text = **r;
            return;
        }
    }
}

// dnsbl = / dnswl = : the client is on one of `labels` of this kind; %t is
// that listing's TXT (or A) record.
void listed(Match& m, const std::vector<std::string>& labels, dnsbl::Kind kind, const Facts& f) {
    if (!m.matched || m.error || labels.empty()) return;
    const auto* l = listed_on(labels, kind, f.listings);
    m.matched = l != nullptr;
    if (l) m.text = l->text;
}

bool client_in(const std::vector<util::Network>& nets, const std::optional<util::IpAddr>& a) {
    if (nets.empty()) return true;
    if (!a) return false;
    for (const auto& n : nets)
        if (n.contains(*a)) return true;
    return false;
}

// The body pattern, per line of the decoded text.
void body(Match& m, const std::optional<Regex>& re, std::string_view text, const Limits& l) {
    if (!m.matched || m.error || !re) return;
    auto r = match_lines(*re, text, l);
    if (!r) m.error = r.error();
    else if (!*r) m.matched = false;
    else m.text = **r;
}

Match try_rule(const Options& r, const Facts& f, const Limits& l) {
    Match m;
    m.matched = client_in(r.client, f.client) &&
                (r.authenticated == Auth::Any || (r.authenticated == Auth::Yes) == f.authenticated) &&
                facts_match(r, f);
    pattern(m, r.client_name, f.client_name, l);
    pattern(m, r.helo, f.helo, l);
    pattern(m, r.from, f.from, l);
    pattern(m, r.rcpt, f.rcpt, l);
    header(m, r.header, f, l);
    body(m, r.body, f.body, l);
    listed(m, r.dnsbl, dnsbl::Kind::Block, f);
    listed(m, r.dnswl, dnsbl::Kind::Allow, f);
    return m;
}

verdict::Reply reply_for(const Options& r, std::string_view matched) {
    if (!r.reply) return {};
    verdict::Reply out = *r.reply;
    out.text = expand(out.text, matched);
    return out;
}

// The rule's action into `out`; false when evaluation goes on.
bool apply(const Options& r, const Match& m, Outcome& out) {
    auto& v = out.verdict;
    if (!r.add_header_name.empty())
        v.headers.push_back({.name = r.add_header_name, .value = expand(r.add_header_value, m.text)});
    if (r.action == Action::Continue) return false;
    out.rule = r.label;
    v.reason = "rule " + r.label;
    switch (r.action) {
        case Action::Accept: v.action = verdict::Action::Accept; break;
        case Action::Reject: v.action = verdict::Action::Reject; break;
        case Action::Tempfail: v.action = verdict::Action::Tempfail; break;
        case Action::Discard: v.action = verdict::Action::Discard; break;
        case Action::Greylist: out.greylist = Greylist{r.label, r.grey_wait, r.white_expire}; break;
        case Action::SkipGreylisting: out.skip_greylisting = true; break;
        case Action::Quarantine:
            v.action = verdict::Action::Quarantine;
            v.quarantine_reason = r.quarantine_reason.empty() ? v.reason : expand(r.quarantine_reason, m.text);
            break;
        case Action::AddHeader:
        case Action::Continue: break;
    }
    if (v.action == verdict::Action::Reject || v.action == verdict::Action::Tempfail) v.reply = reply_for(r, m.text);
    return true;
}

// A pattern error: log it, then the rule's on_match_error; false to go on.
bool on_error(const Options& r, const MatchError& e, const Facts& f, Outcome& out) {
    util::log_warning(f.qid, "rule " + r.label + ": " + e.message + " (stage " + stage_name(f.stage) +
                                 ", on_match_error " + (r.on_match_error == OnMatchError::Tempfail ? "tempfail"
                                                        : r.on_match_error == OnMatchError::Accept ? "accept"
                                                                                                    : "continue") +
                                 ")");
    if (r.on_match_error == OnMatchError::Continue) return false;
    out.rule = r.label;
    out.verdict.reason = "rule " + r.label + ": " + e.message;
    if (r.on_match_error == OnMatchError::Accept) {
        out.verdict.action = verdict::Action::Accept;
    } else {
        out.verdict.action = verdict::Action::Tempfail;
        out.verdict.reply = {"451", "4.3.0", "Temporary policy failure, try again later"};
    }
    return true;
}

}  // namespace

Outcome RuleSet::evaluate(const Facts& f) const {
    Outcome out;
    for (const auto& r : rules_) {
        if (r.stage != f.stage) continue;
        Match m = try_rule(r, f, settings_.limits());
        if (m.error) {
            if (on_error(r, *m.error, f, out)) break;
            continue;
        }
        if (m.matched && apply(r, m, out)) break;
    }
    return out;
}

bool RuleSet::has_stage(Stage s) const {
    for (const auto& r : rules_)
        if (r.stage == s) return true;
    return false;
}

std::string expand(std::string_view text, std::string_view matched) {
    std::string out;
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '%' || i + 1 == text.size()) {
            out.push_back(text[i]);
        } else if (text[i + 1] == 't') {
            for (char c : matched) out.push_back(static_cast<unsigned char>(c) < 0x20 || c == 0x7f ? '?' : c);
            ++i;
        } else if (text[i + 1] == '%') {
            out.push_back('%');
            ++i;
        } else {
            out.push_back(text[i]);
        }
    }
    return out;
}

}  // namespace mp::rules
