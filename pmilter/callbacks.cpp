// callbacks.cpp: libpmilter's callbacks. Each one finds the session behind
// sm_pmfi_get_ctx_se (one Conn per SMTP session, created at connect, freed at
// close), calls the same policy::Session stage as milters/callbacks.cpp and
// translates the verdict. Callbacks of one session are serialised by the
// Conn's mutex (whether MeTA1 may overlap them is not known). No exception
// leaves a callback: anything thrown becomes a logged tempfail.
//
// The log's queue id is the MeTA1 session id until MAIL, then the
// transaction id. End-of-data work (scanners) runs inside the eom callback:
// smx.conf's policy_milter timeout must exceed the scanners' timeouts.
#include "pmilter/callbacks.hpp"

#include <atomic>

#include <exception>
#include <memory>
#include <mutex>

#include "pmilter/address.hpp"
#include "pmilter/hdrmod.hpp"
#include "pmilter/macros.hpp"
#include "pmilter/reply.hpp"
#include "pmilter/stream.hpp"
#include "policy/session.hpp"
#include "sm/pmfapi.h"
#include "sm/smreplycodes.h"
#include "util/log.hpp"

namespace mp::pmilter {

namespace {

policy::Runtime* g_runtime = nullptr;
// False until the daemon has dropped root and opened the stores: libpmilter
// serves from the moment its socket exists, and an engine without its stores
// would skip greylisting (fail open). Sessions before that are tempfailed.
std::atomic<bool> g_ready{false};

// One SMTP session.
struct Conn {
    std::mutex mu;
    std::unique_ptr<policy::Session> session;
    MessageStream stream;
    std::string seid;
    std::string helo;
    bool tls_seen = false;  // the TLS facts reached Session::helo
};

// The message stream's calls, made on the session; a decided verdict stops
// the transaction at the next msg return.
struct SessionSink : MessageSink {
    explicit SessionSink(policy::Session& session) : s(session) {}
    void header(std::string_view name, std::string_view value) override { s.header(name, value); }
    void eoh() override { keep(s.eoh()); }
    void body(std::string_view chunk) override { keep(s.body(chunk)); }
    void keep(Verdict v) {
        if (v.decided() && !verdict.decided()) verdict = std::move(v);
    }
    policy::Session& s;
    Verdict verdict;
};

Conn* conn(pmse_ctx_P ctx) { return static_cast<Conn*>(sm_pmfi_get_ctx_se(ctx)); }

sfsistat_T answer(pmse_ctx_P ctx, const std::string& qid, const Reply& r) {
    if (!r.line.empty() && sm_is_err(sm_pmfi_setreply(ctx, r.line.c_str())))
        util::log_warning(qid, "sm_pmfi_setreply refused: " + r.line.substr(0, r.line.size() - 2));
    return r.code;
}

sfsistat_T apply(pmse_ctx_P ctx, Conn& c, const Verdict& v) {
    if (v.action == Action::Quarantine)
        util::log_warning(c.session->qid(), "quarantine is not available through libpmilter: tempfail instead (" +
                                                (v.quarantine_reason.empty() ? v.reason : v.quarantine_reason) + ")");
    return answer(ctx, c.session->qid(), reply_for(v));
}

// End of data: header and recipient edits, then the reply. Edits are made
// only when the message goes on.
sfsistat_T apply_eom(pmse_ctx_P ctx, Conn& c, const Verdict& v) {
    Reply r = reply_for(v);
    const std::string& qid = c.session->qid();
    if (r.code != SMTP_R_CONT && r.code != SMTP_R_ACCEPT) return apply(ctx, c, v);
    for (const auto& m : plan_header_edits(c.stream.header_names(), v.headers))
        if (sm_is_err(sm_pmfi_hdr_mod(ctx, m.type, m.index, reinterpret_cast<const unsigned char*>(m.line.c_str()))))
            util::log_error(qid, "sm_pmfi_hdr_mod failed: " + m.line.substr(0, m.line.find(':')));
    for (const auto& rcpt : v.del_rcpts)
        if (sm_is_err(sm_pmfi_rcpt_del(ctx, rcpt.c_str(), 0))) util::log_error(qid, "sm_pmfi_rcpt_del failed for " + rcpt);
    for (const auto& rcpt : v.add_rcpts)
        if (sm_is_err(sm_pmfi_rcpt_add(ctx, rcpt.c_str(), nullptr)))
            util::log_error(qid, "sm_pmfi_rcpt_add failed for " + rcpt);
    return apply(ctx, c, v);
}

void log_internal(const Conn* c, const char* stage, const char* what) {
    std::string qid = c && c->session ? c->session->qid() : "";
    util::log_error(qid, std::string(stage) + ": internal error: " + what + "; tempfail");
}

// Runs `fn(conn)` under the session's lock; a missing session or an exception tempfails.
template <class Fn>
sfsistat_T guarded(pmse_ctx_P ctx, const char* stage, Fn&& fn) {
    Conn* c = conn(ctx);
    try {
        if (!c || !c->session) return answer(ctx, "", internal_error());
        std::lock_guard lock(c->mu);
        return fn(*c);
    } catch (const std::exception& e) {
        log_internal(c, stage, e.what());
    } catch (...) {
        log_internal(c, stage, "unknown exception");
    }
    return answer(ctx, "", internal_error());
}

sm_ret_T on_negotiate(pmss_ctx_P ctx, uint32_t, uint32_t, uint32_t, uint32_t, uint32_t*, uint32_t*, uint32_t*,
                      uint32_t*) {
    sm_ret_T r = request_macros(ctx);
    if (sm_is_err(r)) util::log_error("", "negotiate: libpmilter refused the macro request");
    return r;
}

sfsistat_T on_connect(pmse_ctx_P ctx, const char* hostname, sm_sockaddr_T* addr) {
    try {
        auto owned = std::make_unique<Conn>();
        Conn* c = owned.get();
        sm_pmfi_set_ctx_se(ctx, owned.release());
        c->seid = macro(ctx, PMM_SEID);
        if (!g_ready.load()) {
            util::log_warning(c->seid, "connect: still starting (stores not open yet); tempfail");
            return answer(ctx, c->seid, internal_error());
        }
        c->session = std::make_unique<policy::Session>(g_runtime->current());
        c->session->set_qid(c->seid);
        policy::ClientFacts f;
        f.addr = client_addr_text(addr);
        f.name = client_name_text(hostname);
        f.resolve = macro(ctx, PMM_CLIENT_RESOLVE);
        return apply(ctx, *c, c->session->connect(f));
    } catch (const std::exception& e) {
        util::log_error("", std::string("connect: internal error: ") + e.what() + "; tempfail");
    }
    return answer(ctx, "", internal_error());
}

sfsistat_T on_helo(pmse_ctx_P ctx, const char* name, bool) {
    return guarded(ctx, "helo", [&](Conn& c) {
        c.helo = name ? name : "";
        policy::TlsFacts tls = tls_facts(ctx);
        c.tls_seen = c.tls_seen || tls.used();
        return apply(ctx, c, c.session->helo(c.helo, tls));
    });
}

// The TLS facts at MAIL reach the policy's HELO stage when no EHLO callback brought them.
Verdict late_tls(pmse_ctx_P ctx, Conn& c) {
    if (c.tls_seen) return {};
    policy::TlsFacts tls = tls_facts(ctx);
    if (!tls.used()) return {};
    c.tls_seen = true;
    return c.session->helo(c.helo, tls);
}

sfsistat_T on_mail(pmse_ctx_P ctx, const char* mail, char** argv) {
    return guarded(ctx, "mail", [&](Conn& c) {
        c.stream.reset();
        if (Verdict t = late_tls(ctx, c); t.decided()) return apply(ctx, c, t);
        policy::MailFacts f;
        f.qid = macro(ctx, PMM_MAIL_TAID);
        if (f.qid.empty()) f.qid = c.seid;
        f.sender = bare_address(mail);
        f.auth_authen = macro(ctx, PMM_AUTH_AUTHEN);
        for (const auto& a : esmtp_args(argv))
            if (auto size = policy::esmtp_size(a)) f.size = size;
        if (auto args = esmtp_args(argv); !args.empty())
            util::log_debug(f.qid, "mail: " + std::to_string(args.size()) + " ESMTP parameter(s), first " + args[0]);
        return apply(ctx, c, c.session->mail(f));
    });
}

sfsistat_T on_rcpt(pmse_ctx_P ctx, const char* rcpt, char**) {
    return guarded(ctx, "rcpt",
                   [&](Conn& c) { return apply(ctx, c, c.session->rcpt("<" + bare_address(rcpt) + ">")); });
}

sfsistat_T on_data(pmse_ctx_P ctx) {
    return guarded(ctx, "data", [&](Conn& c) {
        c.stream.reset();
        return apply(ctx, c, c.session->data());
    });
}

// SMTP_R_OK, not SMTP_R_CONT, while data is wanted: with CONT smtps would not call eom.
sfsistat_T on_msg(pmse_ctx_P ctx, unsigned char* buf, size_t len) {
    return guarded(ctx, "msg", [&](Conn& c) {
        SessionSink sink(*c.session);
        c.stream.feed({reinterpret_cast<const char*>(buf), len}, sink);
        return sink.verdict.decided() ? apply(ctx, c, sink.verdict) : sfsistat_T(SMTP_R_OK);
    });
}

sfsistat_T on_eom(pmse_ctx_P ctx) {
    return guarded(ctx, "eom", [&](Conn& c) {
        SessionSink sink(*c.session);
        c.stream.finish(sink);
        sfsistat_T r = sink.verdict.decided() ? apply(ctx, c, sink.verdict) : apply_eom(ctx, c, c.session->eom());
        c.stream.reset();
        return r;
    });
}

// The transaction ends; the session (and its refusal, if any) stays.
sm_ret_T on_abort(pmse_ctx_P ctx) {
    Conn* c = conn(ctx);
    if (!c || !c->session) return SM_SUCCESS;
    try {
        std::lock_guard lock(c->mu);
        c->session->abort();
        c->stream.reset();
    } catch (const std::exception& e) {
        log_internal(c, "abort", e.what());
    }
    return SM_SUCCESS;
}

sm_ret_T on_close(pmse_ctx_P ctx) {
    std::unique_ptr<Conn> c(conn(ctx));
    sm_pmfi_set_ctx_se(ctx, nullptr);
    return SM_SUCCESS;
}

// Only logged (smtps answers the command itself); a failure to log is ignored.
sfsistat_T on_unknown(pmse_ctx_P ctx, const char* cmd) {
    try {
        Conn* c = conn(ctx);
        util::log_debug(c ? c->seid : "", std::string("unknown command: ") + (cmd ? cmd : "(null)"));
    } catch (...) {
    }
    return SMTP_R_CONT;
}

sm_ret_T on_signal(pmg_ctx_P, int sig) {
    try {
        util::log_notice("", "libpmilter reports signal " + std::to_string(sig));
    } catch (...) {
    }
    return SM_SUCCESS;
}

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
// Positional, as pmult initialises it: MeTA1's member names are not known.
pmilter_T g_pmilter = {
    "milterpack", LPMILTER_VERSION, SM_SCAP_PM_ALL, 0, 0, 0,
    on_negotiate, on_connect, on_helo, on_mail, on_rcpt, on_data, on_msg, on_eom,
    on_abort, on_close, on_unknown, on_signal,
    nullptr,  // starttls: signature unknown
    nullptr,  // auth: signature unknown
    nullptr,  // msg_rplc: milterpack never replaces the message
    nullptr,  // msg_rplc_stat
};
#pragma GCC diagnostic pop

}  // namespace

void set_ready() { g_ready.store(true); }

pmilter_T* registration(policy::Runtime& runtime, const Limits& limits) {
    g_runtime = &runtime;
#ifdef HAVE_STRUCT_PMILTER_S_PMFI_THRMAX_S
    g_pmilter.pmfi_thrmax_s = limits.threads_soft;
    g_pmilter.pmfi_thrmax_h = limits.threads_hard;
#else
    if (limits.threads_soft || limits.threads_hard)
        util::log_warning("", "this libpmilter has no thread limits: threads_soft/threads_hard unused");
#endif
#ifdef HAVE_STRUCT_PMILTER_S_PMFI_FDMAX
    g_pmilter.pmfi_fdmax = limits.max_connections;
#else
    if (limits.max_connections) util::log_warning("", "this libpmilter has no fd limit: max_connections unused");
#endif
    return &g_pmilter;
}

}  // namespace mp::pmilter
