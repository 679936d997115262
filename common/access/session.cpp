// session.cpp: see session.hpp.
#include "access/session.hpp"

#include "util/strings.hpp"

namespace mp::access {

using Kind = Decision::Kind;

std::string SessionChecks::resolve_key(std::string_view v) {
    static const struct { const char* in; const char* key; } table[] = {
        {"OK", "ok"}, {"FAIL", "no"}, {"FORGED", "no"}, {"TEMP", "tempptr"},
        {"no", "no"}, {"tempptr", "tempptr"}, {"tempa", "tempa"},
    };
    for (const auto& t : table)
        if (util::iequals(v, t.in)) return t.key;
    return "";
}

std::optional<Match> SessionChecks::find(Tag tag, std::string_view key) const {
    if (!map_ || key.empty()) return std::nullopt;
    auto m = map_->lookup(tag, key);
    if (m && tag != Tag::ProtectedRcpt && m->rhs.action == Action::Cont) return std::nullopt;
    return m;
}

Decision SessionChecks::finish(Decision d) const {
    d.trusted = trusted_;
    return d;
}

// The decision an entry stands for, without the session's state.
Decision SessionChecks::from_match(const Match& m, const char* stage) const {
    Decision d;
    switch (m.rhs.action) {
        case Action::Ok: d.kind = Kind::Ok; break;
        case Action::Relay: d.kind = Kind::Relay; break;
        case Action::Error: d = reject_decision(m.rhs.reply, flags_); break;
        case Action::Discard: d.kind = Kind::DiscardRcpt; break;  // callers widen it by stage
        case Action::Cont: break;
    }
    d.matched = m.log();
    d.stage = stage;
    return d;
}

Decision SessionChecks::session_result(const Match& m, const char* stage) {
    Decision d = from_match(m, stage);
    switch (m.rhs.action) {
        case Action::Ok:
        case Action::Relay:
            trusted_ = true;
            session_quick_ = session_quick_ || m.rhs.quick;
            break;
        case Action::Discard:
            d.kind = Kind::DiscardSession;
            session_discard_ = d;
            break;
        case Action::Error:
            if (flags_.delay_checks && !m.rhs.quick) {
                pending_session_ = d;
                Decision none;
                none.matched = d.matched;
                none.stage = stage;
                none.delayed = true;
                return finish(none);
            }
            session_reject_ = d;
            break;
        case Action::Cont: break;
    }
    return finish(d);
}

Decision SessionChecks::on_connect(const ConnectFacts& f) {
    std::string resolve = resolve_key(f.client_resolve);
    bool name_ok = !f.client_name.empty() && f.client_name.front() != '[' &&
                   (f.client_resolve.empty() || resolve == "ok");
    if (auto m = find(Tag::CltAddr, f.client_addr)) return session_result(*m, "connect");
    if (auto m = find(Tag::CltResolve, resolve)) return session_result(*m, "connect");
    if (name_ok)
        if (auto m = find(Tag::CltName, f.client_name)) return session_result(*m, "connect");
    return finish({});
}

Decision SessionChecks::on_tls(const TlsFacts& f) {
    if (!f.verified) return finish({});
    auto issuer = map_ ? map_->lookup(Tag::CertIssuer, f.cert_issuer) : std::nullopt;
    std::optional<Match> relay;
    if (issuer && issuer->rhs.action == Action::Relay) relay = issuer;
    if (issuer && issuer->rhs.action == Action::Cont) {
        auto subject = map_->lookup(Tag::CertSubject, f.cert_subject);
        if (subject && subject->rhs.action == Action::Relay) relay = subject;
    }
    if (!relay) return finish({});
    trusted_ = true;
    return finish(from_match(*relay, "tls"));
}

void SessionChecks::reset_transaction() {
    pending_mail_.reset();
    txn_discard_.reset();
    discarded_rcpts_.clear();
}

Decision SessionChecks::on_mail(std::string_view sender, const std::vector<util::IpAddr>& mx_ips) {
    reset_transaction();
    if (session_discard_) return finish(*session_discard_);
    if (session_reject_) return finish(*session_reject_);
    std::string_view s = util::strip_angles(util::trim(sender));
    if (s.empty() || session_quick_) return finish({});
    auto m = find(Tag::From, s);
    for (size_t i = 0; !m && i < mx_ips.size(); ++i) m = find(Tag::MxBadIp, mx_ips[i].str());
    if (!m) return finish({});
    Decision d = from_match(*m, "mail");
    if (d.kind == Kind::DiscardRcpt) {
        d.kind = Kind::DiscardTransaction;
        txn_discard_ = d;
    } else if ((d.kind == Kind::Reject || d.kind == Kind::Tempfail) && flags_.delay_checks && !m->rhs.quick) {
        pending_mail_ = d;
        d.kind = Kind::None;
        d.reply = {};
        d.delayed = true;
    }
    return finish(d);
}

Decision SessionChecks::on_rcpt(std::string_view rcpt) {
    if (session_discard_) return finish(*session_discard_);
    if (session_reject_) return finish(*session_reject_);
    if (txn_discard_) return finish(*txn_discard_);
    std::optional<Match> m;
    if (!session_quick_) m = find(Tag::To, util::strip_angles(util::trim(rcpt)));
    bool override = m && m->rhs.quick && (m->rhs.action == Action::Ok || m->rhs.action == Action::Relay);
    if (!override && pending_session_) return finish(*pending_session_);
    if (!override && pending_mail_) return finish(*pending_mail_);
    if (!m) return finish({});
    Decision d = from_match(*m, "rcpt");
    if (d.kind == Kind::DiscardRcpt && m->rhs.quick) {
        d.kind = Kind::DiscardTransaction;
        txn_discard_ = d;
    } else if (d.kind == Kind::DiscardRcpt) {
        discarded_rcpts_.emplace_back(util::strip_angles(util::trim(rcpt)));
    }
    return finish(d);
}

}  // namespace mp::access
