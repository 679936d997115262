// rules_stage.cpp: see rules_stage.hpp.
#include "policy/rules_stage.hpp"

#include "greylist/options.hpp"
#include "policy/decide.hpp"
#include "policy/engine.hpp"
#include "policy/parts.hpp"
#include "policy/state.hpp"
#include "spf/result.hpp"

namespace mp::policy {

namespace {

// The greylisting options with a rule's delays; an error when they break the
// section's rules (grey_wait below grey_expire, ...).
Result<greylist::Options> rule_timing(greylist::Options o, const rules::Options& r) {
    if (r.grey_wait.count()) o.timing.grey_wait = r.grey_wait.count();
    if (r.white_expire.count()) o.timing.white_expire = r.white_expire.count();
    if (auto v = greylist::validate(o); !v) return fail(v.error().message);
    return o;
}

}  // namespace

void build_rules(const config::Section& root, EngineParts& p, config::Diagnostics& d) {
    auto rs = rules::ruleset_from(root);
    if (!rs) {
        d.errors.insert(d.errors.end(), rs.error().errors.begin(), rs.error().errors.end());
        return;
    }
    const auto* grey = root.section(greylist::table().spec().name);
    auto sections = root.sections(rules::table().spec().name);  // the rules' order
    for (size_t i = 0; i < sections.size(); ++i) {
        const auto* sec = sections[i];
        const auto& r = rs->rules()[i];
        if (r.action != rules::Action::Greylist) continue;
        if (!grey) {
            d.add({sec->where("action"), "action greylist needs a greylisting section"});
            continue;
        }
        if (!r.grey_wait.count() && !r.white_expire.count()) continue;
        auto base = greylist::options_from(*grey);
        if (!base) continue;  // build_greylist reported it
        auto o = rule_timing(*base, r);
        if (!o) {
            d.add({sec->where(sec->is_set("grey_wait") ? "grey_wait" : "white_expire"), o.error().message});
            continue;
        }
        if (p.greylister) p.rule_greylisters.push_back({r.label, p.greylister->with_options(*o)});
    }
    p.rules = std::move(*rs);
}

rules::Outcome rules_at(const Engine& e, SessionState& st, rules::Stage stage, std::string_view rcpt,
                        const std::pair<std::string, std::string>* header) {
    const auto& rs = e.parts().rules;
    if (!rs.has_stage(stage)) return {};
    std::vector<std::pair<std::string, std::string>> one;
    if (header) one.push_back(*header);
    rules::Facts f{.stage = stage,
                   .client = util::IpAddr::parse(st.client.addr),
                   .client_name = st.client.name,
                   .helo = st.client.helo,
                   .from = st.mail.sender,
                   .rcpt = rcpt,
                   .qid = st.qid,
                   .authenticated = !st.mail.auth_authen.empty(),
                   .headers = &one,
                   .listings = &st.listings};
    f.size = stage == rules::Stage::Eom ? std::optional<uint64_t>(st.counted) : st.mail.size;
    f.rcpt_count = st.rcpts.size();
    if (st.auth.spf) f.spf = spf::result_name(st.auth.spf->result);
    f.tls = st.tls.used();
    f.tls_verified = st.tls.verify == "OK";
    if (stage == rules::Stage::Eom && st.rule_body) f.body = st.rule_body->text();
    rules::Outcome o = rs.evaluate(f);
    if (o.verdict.action == verdict::Action::Quarantine && stage != rules::Stage::Eom) {
        st.rule_quarantine = o.verdict.quarantine_reason;  // libmilter quarantines at end of data
        o.verdict.action = verdict::Action::Continue;
    }
    auto& keep = stage <= rules::Stage::Helo ? st.rule_headers_session : st.rule_headers;
    for (auto& h : o.verdict.headers) keep.push_back(std::move(h));
    o.verdict.headers.clear();
    return o;
}

void rules_header(const Engine& e, SessionState& st, std::string_view name, std::string_view value) {
    st.counted += name.size() + value.size() + 4;  // "Name: value\r\n" (value's own leading blank aside)
    const auto& rs = e.parts().rules;
    if (!rs.matches_body()) return;
    if (!st.rule_body) st.rule_body = std::make_unique<rules::MimeWalker>(rs.settings().body_max);
    st.rule_body->header(name, value);
}

void rules_body(const Engine& e, SessionState& st, std::string_view chunk) {
    st.counted += chunk.size();
    const auto& rs = e.parts().rules;
    if (!rs.matches_body()) return;
    if (!st.rule_body) st.rule_body = std::make_unique<rules::MimeWalker>(rs.settings().body_max);
    st.rule_body->body(chunk);
}

bool rules_read_body(const Engine& e, const SessionState& st) {
    const auto& rs = e.parts().rules;
    if (!rs.reads_body()) return false;
    return rs.counts_body() || (rs.matches_body() && (!st.rule_body || st.rule_body->wants_body()));
}

rules::Outcome rules_eom(const Engine& e, SessionState& st) {
    if (st.rule_body) st.rule_body->finish();
    rules::Outcome o = rules_at(e, st, rules::Stage::Eom);
    if (st.rule_quarantine && o.verdict.action == verdict::Action::Continue) {
        o.verdict.action = verdict::Action::Quarantine;
        o.verdict.quarantine_reason = *st.rule_quarantine;
        o.verdict.reason = "quarantine chosen before end of data: " + *st.rule_quarantine;
    }
    return o;
}

void rules_reset(SessionState& st) {
    st.counted = 0;
    st.rule_body.reset();
    st.rule_quarantine.reset();
}

greylist::Greylister* greylister_for(const Engine& e, const rules::Outcome& o) {
    const auto& p = e.parts();
    if (o.greylist)
        for (const auto& [label, g] : p.rule_greylisters)
            if (label == o.greylist->rule) return g.get();
    return p.greylister.get();
}

}  // namespace mp::policy
