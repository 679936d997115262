// session.cpp: see session.hpp. The access checks decide first; later stages
// (protected recipients, greylisting at RCPT; scanners and DKIM at
// end-of-data) only see what the access map let through.
#include "policy/session.hpp"

#include <optional>
#include <vector>

#include "access/session.hpp"
#include "metrics/events.hpp"
#include "policy/decide.hpp"
#include "policy/dnsbl_stage.hpp"
#include "policy/engine.hpp"
#include "policy/parts.hpp"
#include "policy/rules_stage.hpp"
#include "policy/state.hpp"
#include "util/strings.hpp"

namespace mp::policy {

using verdict::Action;
using verdict::Verdict;

namespace {

std::shared_ptr<const access::AccessMap> access_snapshot(const Engine& e) {
    return e.parts().access ? e.parts().access->get() : nullptr;
}

std::string client_text(const ClientFacts& c) { return "client=" + c.name + "[" + c.addr + "]"; }

}  // namespace

Session::Session(std::shared_ptr<const Engine> engine)
    : engine_(std::move(engine)),
      st_(std::make_unique<SessionState>(access::SessionChecks(access_snapshot(*engine_), engine_->parts().flags))) {
    metrics::session_opened();
}

Session::~Session() { metrics::session_closed(); }

Verdict Session::connect(const ClientFacts& client) {
    st_->client = client;
    Verdict v = from_access(st_->checks.on_connect({client.addr, client.name, client.resolve}));
    if (!v.decided()) dnsbl_connect(*engine_, *st_);
    if (!v.decided()) v = rules_at(*engine_, *st_, rules::Stage::Connect).verdict;
    log_decision(st_->qid, "connect", client_text(client), v);
    // sendmail 8 shows its own 554 text for a connect rejection: answer at HELO.
    if (v.action == Action::Reject || v.action == Action::Tempfail) st_->refused = v;
    if (v.action == Action::Discard) return {};
    return st_->refused ? Verdict{} : v;
}

Verdict Session::helo(std::string_view name, const TlsFacts& tls) {
    st_->client.helo = std::string(name);
    st_->tls = tls;
    if (st_->refused) return *st_->refused;
    Verdict v;
    if (tls.verify == "OK") v = from_access(st_->checks.on_tls({true, tls.cert_issuer, tls.cert_subject}));
    if (!v.decided()) v = rules_at(*engine_, *st_, rules::Stage::Helo).verdict;
    if (tls.verify != "OK" && !v.decided() && v.reason.empty()) return v;
    log_decision(st_->qid, "helo", client_text(st_->client) + (tls.verify == "OK" ? " tls" : ""), v);
    return v;
}

Verdict Session::mail(const MailFacts& mail) {
    st_->mail = mail;
    st_->qid = mail.qid;
    st_->rcpts.clear();
    st_->greylisted.reset();
    st_->grey_note = {};
    content_reset(*st_);
    st_->rule_headers.clear();
    st_->rule_content.reset();
    rules_reset(*st_);
    access::Decision d = st_->checks.on_mail(mail.sender);
    Verdict v = from_access(d);
    if (!v.decided() && st_->refused) v = *st_->refused;  // a connect rule's rejection
    if (!v.decided() && !st_->checks.trusted() && d.kind != access::Decision::Kind::Ok)
        if (Verdict a = auth_mail(engine_->parts().auth, st_->auth, st_->client, mail); a.decided() || !a.reason.empty())
            v = a;
    if (!v.decided())
        if (Verdict r = rules_at(*engine_, *st_, rules::Stage::Mail).verdict; r.decided() || !r.reason.empty()) v = r;
    log_decision(st_->qid, "mail", "from=<" + mail.sender + "> " + client_text(st_->client), v);
    return v;
}

Verdict Session::rcpt(std::string_view rcpt) {
    std::string addr(util::strip_angles(util::trim(rcpt)));
    std::string detail = "from=<" + st_->mail.sender + "> to=<" + addr + ">";
    Verdict v = rcpt_protected(*engine_, *st_, addr);
    access::Decision to;
    if (!v.decided()) {
        to = st_->checks.on_rcpt(addr);
        Verdict a = from_access(to);
        if (a.decided() || !a.reason.empty()) v = a;
    }
    rules::Outcome rule;
    if (!v.decided()) rule = rules_at(*engine_, *st_, rules::Stage::Rcpt, addr);
    if (rule.verdict.decided()) v = rule.verdict;
    if (!v.decided()) {
        Verdict c = rcpt_callahead(*engine_, *st_, addr, to);
        if (c.decided() || !c.reason.empty()) v = c;
    }
    if (!v.decided()) v = greylisted(rcpt_greylist(*engine_, *st_, addr, to, rule), v);
    log_decision(st_->qid, "rcpt", detail, v);
    if (!v.decided()) st_->rcpts.push_back(addr);
    return v;
}

// A greylisting tempfail, or the DATA-delayed form of it; `before` otherwise.
Verdict Session::greylisted(Verdict g, const Verdict& before) {
    if (!g.decided()) return g.reason.empty() ? before : g;
    const auto* gl = engine_->parts().greylister.get();
    if (gl && gl->options().delay_until_data && g.action == Action::Tempfail && g.reply.code == gl->options().reply.code) {
        st_->greylisted = g;
        g.action = Action::Continue;
        g.reason += " (reply delayed to DATA)";
    }
    return g;
}

Verdict Session::data() {
    Verdict v;
    if (st_->greylisted) v = *st_->greylisted;
    else v = rules_at(*engine_, *st_, rules::Stage::Data).verdict;
    st_->greylisted.reset();
    if (v.decided() || !v.reason.empty()) log_decision(st_->qid, "data", "from=<" + st_->mail.sender + ">", v);
    return v;
}

void Session::header(std::string_view name, std::string_view value) {
    content_header(*engine_, *st_, name, value);
    rules_header(*engine_, *st_, name, value);
    if (st_->rule_content) return;
    std::pair<std::string, std::string> field{std::string(name), std::string(value)};
    Verdict v = rules_at(*engine_, *st_, rules::Stage::Header, {}, &field).verdict;
    if (v.decided()) st_->rule_content = v;
}

Verdict Session::eoh() {
    content_eoh(*engine_, *st_);
    Verdict v = st_->rule_content ? *st_->rule_content : rules_at(*engine_, *st_, rules::Stage::Eoh).verdict;
    if (v.decided()) log_decision(st_->qid, "eoh", "from=<" + st_->mail.sender + ">", v);
    return v;
}

Verdict Session::body(std::string_view chunk) {
    content_body(*engine_, *st_, chunk);
    rules_body(*engine_, *st_, chunk);
    return {};
}

bool Session::reads_body() const {
    return !st_->headers_ended || st_->scan || st_->dkim || rules_read_body(*engine_, *st_);
}

// The eom rules first (the SPF result is still there): their reject,
// tempfail or discard ends the message without the content checks; their
// quarantine holds it unless those reject it.
Verdict Session::eom() {
    rules::Outcome rule = rules_eom(*engine_, *st_);
    rules_reset(*st_);
    Action ra = rule.verdict.action;
    Verdict v;
    if (ra == Action::Reject || ra == Action::Tempfail || ra == Action::Discard) {
        content_reset(*st_);
        v = rule.verdict;
    } else {
        v = content_eom(*engine_, *st_);
        if (ra == Action::Quarantine && (v.action == Action::Continue || v.action == Action::Accept)) {
            v.action = Action::Quarantine;
            v.quarantine_reason = rule.verdict.quarantine_reason;
            v.reason = rule.verdict.reason + (v.reason.empty() ? "" : "; " + v.reason);
        }
    }
    const auto& dropped = st_->checks.discarded_rcpts();
    if (v.decided() && v.action != Action::Quarantine) {
        // the scanners' verdict stands
    } else if (!dropped.empty() && dropped.size() >= st_->rcpts.size()) {
        v.action = Action::Discard;
        v.reason = "every recipient discarded by the access map";
    } else {
        for (const auto& r : dropped) v.del_rcpts.push_back("<" + r + ">");
        for (const auto* hs : {&st_->rule_headers_session, &st_->rule_headers})
            v.headers.insert(v.headers.end(), hs->begin(), hs->end());
        greylist_header(*engine_, *st_, v);
    }
    log_decision(st_->qid, "eom", "from=<" + st_->mail.sender + ">", v);
    st_->checks.reset_transaction();
    return v;
}

// A DNS wait bounded well below the MTAs' end-of-data timeouts (sendmail's
// T=E default and the INPUT_MAIL_FILTER lines shipped here: 5 minutes;
// Postfix's milter_content_timeout: 300 s) needs no progress messages, and
// a thread per message costs a visible share of the verification rate.
constexpr std::chrono::seconds kInlineDnsBound{60};

bool Session::eom_may_block() const {
    const auto& p = engine_->parts();
    return p.scanners != nullptr || p.auth.eom_dns_bound() > kInlineDnsBound;
}

void Session::abort() {
    content_reset(*st_);
    rules_reset(*st_);
    st_->checks.reset_transaction();
}

void Session::set_qid(std::string_view qid) {
    if (!qid.empty()) st_->qid = std::string(qid);
}

void Session::set_mta_host(std::string_view host) { st_->mta_host = std::string(host); }

const std::string& Session::qid() const { return st_->qid; }

}  // namespace mp::policy
