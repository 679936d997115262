// rcpt_stage.cpp: the RCPT checks after the access map's own, in the sendmail X
// README's order (3.12.2, RCPT case 2): protected recipients, then to:, then
// (an extension) the recipient call-ahead, then greylisting for recipients
// that passed everything else. The call-ahead has the same exemptions as
// greylisting. Greylisting is
// skipped for sessions the access map marks ok or relay (including a
// verified certificate it trusts), for authenticated clients, for recipients
// whose to: entry is ok or relay (postmaster, abuse), and for clients without
// an IP address (local submission over a unix socket), and when a rule
// at this RCPT says skip_greylisting, and when SPF at MAIL passed for a
// domain of skip_spf_pass_from; a greylist rule sets the delays.
#include <chrono>

#include "metrics/events.hpp"
#include "policy/decide.hpp"
#include "policy/engine.hpp"
#include "policy/parts.hpp"
#include "policy/rules_stage.hpp"
#include "policy/state.hpp"
#include "protrcpt/check.hpp"
#include "util/log.hpp"

namespace mp::policy {

using verdict::Action;
using verdict::Verdict;

namespace {

Verdict store_failed(const greylist::Options& o, const SessionState& st, const std::string& why) {
    Verdict v;
    v.reason = "greylisting store failed (" + why + "), on_store_error=";
    if (o.on_store_error == greylist::OnError::Accept) {
        util::log_error(st.qid, v.reason + "accept");
        v.reason += "accept";
        return v;
    }
    util::log_error(st.qid, v.reason + "tempfail");
    v.reason += "tempfail";
    v.action = Action::Tempfail;
    v.reply = {"451", "4.3.0", "Temporary local problem, please try again later"};
    return v;
}

// Why greylisting skips this recipient (X-Greylist: wording), "" when it does not.
std::string_view exempt_reason(const SessionState& st, const access::Decision& to) {
    using K = access::Decision::Kind;
    if (st.checks.trusted()) return greylist::kNotDelayedIp;
    if (!st.mail.auth_authen.empty()) return greylist::kNotDelayedAuth;
    if (to.kind == K::Ok || to.kind == K::Relay) return greylist::kNotDelayedRcpt;
    return {};
}

bool greylist_exempt(const SessionState& st, const access::Decision& to) { return !exempt_reason(st, to).empty(); }

void note_pass(const greylist::Greylister& g, const greylist::Decision& d, greylist::HeaderNote& n) {
    if (d.state_before == "greylisted") return n.delayed_for(d.delayed);
    bool triplet = g.options().key.mode == greylist::KeyMode::Triplet && d.state_before != "client-whitelisted";
    n.exempt(triplet ? greylist::kNotDelayedTriplet : greylist::kNotDelayedClient);
}

}  // namespace

Verdict rcpt_protected(const Engine& e, SessionState& st, std::string_view rcpt) {
    const auto& p = e.parts();
    if (!p.protect || !st.checks.map()) return {};
    auto aliases = p.aliases ? p.aliases->get() : nullptr;
    auto d = protrcpt::check(*p.protect, *st.checks.map(), aliases.get(), p.flags,
                             {rcpt, st.mail.sender, st.client.addr});
    Verdict v = from_access(d);
    if (!d.matched.empty() && !v.decided()) v.reason = "protected recipient " + d.matched;
    return v;
}

Verdict rcpt_callahead(const Engine& e, SessionState& st, std::string_view rcpt, const access::Decision& to) {
    auto* c = e.parts().callahead.get();
    if (!c || greylist_exempt(st, to) || c->skip_session(st.client.addr, st.mail.sender)) return {};
    auto now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch());
    auto o = c->check(rcpt, now.count());
    using K = callahead::Outcome::Kind;
    Verdict v;
    std::string how = o.cached ? " (cached)" : "";
    switch (o.kind) {
    case K::Skipped: return v;
    case K::Accepted: v.reason = "callahead accepted" + how; return v;
    case K::Refused:
        v.action = Action::Reject;
        v.reply = o.reply;
        v.reason = "callahead refused" + how;
        return v;
    case K::Unavailable: break;
    }
    v.reason = "callahead unavailable (" + o.reply.text + "), on_unavailable=";
    if (c->options().on_unavailable == callahead::OnUnavailable::Accept) {
        v.reason += "accept";
        return v;
    }
    v.reason += "tempfail";
    v.action = Action::Tempfail;
    v.reply = c->options().unavailable_reply;
    return v;
}

Verdict rcpt_greylist(const Engine& e, SessionState& st, std::string_view rcpt, const access::Decision& to,
                      const rules::Outcome& rule) {
    auto* g = greylister_for(e, rule);
    if (!g) return {};
    if (rule.skip_greylisting) {
        st.grey_note.exempt("Sender whitelisted by rule " + rule.rule);
        return {};
    }
    if (auto why = exempt_reason(st, to); !why.empty()) {
        st.grey_note.exempt(why);
        return {};
    }
    if (auto why = spf_pass_skip(e.parts().auth, st.auth)) {
        st.grey_note.exempt("Sender passed SPF for a listed domain");
        Verdict v;
        v.reason = "greylisting skipped: " + *why;
        return v;
    }
    auto client = util::IpAddr::parse(st.client.addr);
    if (!client) return {};
    metrics::Timer timer(metrics::greylist_latency());
    auto d = g->check({*client, st.mail.sender, std::string(rcpt), std::chrono::system_clock::now()});
    timer.stop();
    if (!d) {
        metrics::greylist_check(metrics::GreylistResult::Error);
        return store_failed(g->options(), st, d.error().message);
    }
    metrics::greylist_check(d->result == greylist::Decision::Pass ? metrics::GreylistResult::Pass
                                                                   : metrics::GreylistResult::Greylisted);
    Verdict v;
    v.reason = "greylisting key=\"" + d->key + "\" state=" + d->state_before;
    if (rule.greylist) v.reason += " rule=" + rule.greylist->rule;
    if (d->result == greylist::Decision::Pass) {
        note_pass(*g, *d, st.grey_note);
        return v;
    }
    const auto& r = g->options().reply;
    v.action = Action::Tempfail;
    v.reply = {r.code, r.xcode, greylist::reply_text(r, d->retry_after)};
    return v;
}

}  // namespace mp::policy
