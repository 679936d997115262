// callbacks.cpp: libmilter's xxfi_* callbacks. Each one finds the session
// behind smfi_setpriv (libmilter's worker pool may run one connection's
// callbacks on different threads, so there is no thread-local state), calls
// the policy stage and translates the verdict. No exception leaves a callback:
// anything thrown becomes a logged tempfail. Negotiation follows the step
// plan of the loaded configuration (negotiate.hpp): steps it never reads are
// not sent, steps at which it never decides get no reply.
#include "milters/callbacks.hpp"

#include <libmilter/mfapi.h>

#include <chrono>
#include <exception>
#include <future>
#include <memory>
#include <utility>

#include "milters/macros.hpp"
#include "milters/negotiate.hpp"
#include "milters/reply.hpp"
#include "policy/session.hpp"
#include "policy/steps.hpp"
#include "util/log.hpp"

namespace mp::milters {

namespace {

using policy::Step;

policy::Runtime* g_runtime = nullptr;

// One MTA connection: created at negotiation, the session at connect.
struct Conn {
    bool leadspc = false;        // SMFIP_HDR_LEADSPC negotiated
    bool skip = false;           // SMFIP_SKIP negotiated
    unsigned long pflags = 0;    // the negotiated protocol flags
    // A failure at a step the MTA expects no reply to, answered at the next
    // step that replies (at the latest end-of-data).
    bool failed = false;
    std::shared_ptr<const policy::Engine> engine;  // whose step plan was negotiated
    std::unique_ptr<policy::Session> session;
    bool no_reply(Step s) const { return (pflags & no_reply_bit(s)) != 0; }
};

Conn* conn(SMFICTX* ctx) { return static_cast<Conn*>(smfi_getpriv(ctx)); }
policy::Session* session(SMFICTX* ctx) { return conn(ctx) ? conn(ctx)->session.get() : nullptr; }

Conn* ensure_conn(SMFICTX* ctx) {
    if (!conn(ctx)) smfi_setpriv(ctx, std::make_unique<Conn>().release());
    return conn(ctx);
}

// Runs `fn(session)`; a missing session (connect failed) or an exception tempfails.
template <class Fn>
sfsistat guarded(SMFICTX* ctx, const char* stage, Fn&& fn) {
    policy::Session* s = session(ctx);
    try {
        if (!s) return SMFIS_TEMPFAIL;
        return fn(*s);
    } catch (const std::exception& e) {
        util::log_error(s ? s->qid() : "", std::string(stage) + ": internal error: " + e.what());
    } catch (...) {
        util::log_error(s ? s->qid() : "", std::string(stage) + ": internal error");
    }
    return SMFIS_TEMPFAIL;
}

// A step through guarded(). Pitfall: under SMFIP_NR_* any reply but NOREPLY
// desynchronizes the MTA, so a failure there waits for the next step that
// replies; a step that replies answers such a waiting failure first.
template <class Fn>
sfsistat step(SMFICTX* ctx, Step st, const char* stage, Fn&& fn) {
    Conn* c = conn(ctx);
    bool nr = c && c->no_reply(st);
    if (c && c->failed && !nr) {
        c->failed = false;
        if (c->session) c->session->abort();
        return SMFIS_TEMPFAIL;
    }
    sfsistat r = guarded(ctx, stage, std::forward<Fn>(fn));
    if (!nr) return r;
    if (r != SMFIS_CONTINUE && r != SMFIS_NOREPLY && r != SMFIS_SKIP) c->failed = true;
    return SMFIS_NOREPLY;
}

// The protocol steps follow the step plan of the Engine current at
// negotiation (policy/steps.hpp): a reload changes the next connection's.
sfsistat on_negotiate(SMFICTX* ctx, unsigned long f0, unsigned long f1, unsigned long, unsigned long,
                      unsigned long* pf0, unsigned long* pf1, unsigned long* pf2, unsigned long* pf3) {
    const unsigned long want = SMFIF_ADDHDRS | SMFIF_CHGHDRS | SMFIF_ADDRCPT | SMFIF_DELRCPT |
                               SMFIF_QUARANTINE | SMFIF_SETSYMLIST;
    Conn* c = ensure_conn(ctx);
    c->engine = g_runtime->current();
    *pf0 = f0 & want;
    *pf1 = protocol_flags(policy::plan_steps(*c->engine), f1);
    *pf2 = *pf3 = 0;
    if (*pf0 & SMFIF_SETSYMLIST) request_macros(ctx);
    c->leadspc = (*pf1 & SMFIP_HDR_LEADSPC) != 0;
    c->skip = (*pf1 & SMFIP_SKIP) != 0;
    c->pflags = *pf1;
    return SMFIS_CONTINUE;
}

// The Engine for a new session: the current one, unless a reload since the
// negotiation changed the step plan (the MTA follows the negotiated one).
std::shared_ptr<const policy::Engine> session_engine(const Conn& c) {
    auto now = g_runtime->current();
    if (!c.engine || policy::plan_steps(*now) == policy::plan_steps(*c.engine)) return now;
    return c.engine;
}

sfsistat on_connect(SMFICTX* ctx, char* hostname, _SOCK_ADDR* addr) {
    Conn* c = ensure_conn(ctx);
    sfsistat r = SMFIS_TEMPFAIL;
    try {
        c->session = std::make_unique<policy::Session>(session_engine(*c));
        c->session->set_mta_host(macro(ctx, "j"));
        r = apply(ctx, c->session->connect(client_facts(ctx, hostname, addr)));
    } catch (const std::exception& e) {
        util::log_error("", std::string("connect: internal error: ") + e.what());
    }
    // Without a session every later step tempfails.
    if (!c->no_reply(Step::connect)) return r;
    if (r != SMFIS_CONTINUE) c->failed = true;
    return SMFIS_NOREPLY;
}

sfsistat on_helo(SMFICTX* ctx, char* name) {
    return step(ctx, Step::helo, "helo", [&](policy::Session& s) { return apply(ctx, s.helo(name, tls_facts(ctx))); });
}

sfsistat on_envfrom(SMFICTX* ctx, char** argv) {
    return step(ctx, Step::mail, "mail",
                [&](policy::Session& s) { return apply(ctx, s.mail(mail_facts(ctx, argv))); });
}

sfsistat on_envrcpt(SMFICTX* ctx, char** argv) {
    return step(ctx, Step::rcpt, "rcpt", [&](policy::Session& s) { return apply(ctx, s.rcpt(argv[0])); });
}

sfsistat on_data(SMFICTX* ctx) {
    return step(ctx, Step::data, "data", [&](policy::Session& s) {
        s.set_qid(macro(ctx, "i"));
        return apply(ctx, s.data());
    });
}

sfsistat on_header(SMFICTX* ctx, char* name, char* value) {
    return step(ctx, Step::header, "header", [&](policy::Session& s) {
        s.header(name, value);
        return SMFIS_CONTINUE;
    });
}

sfsistat on_eoh(SMFICTX* ctx) {
    return step(ctx, Step::eoh, "eoh", [&](policy::Session& s) { return apply(ctx, s.eoh()); });
}

// Once nothing reads the body (no scanner, the message is not signed) the
// MTA may stop sending it, when it understands SMFIS_SKIP and expects replies.
sfsistat on_body(SMFICTX* ctx, unsigned char* chunk, size_t len) {
    return step(ctx, Step::body, "body", [&](policy::Session& s) {
        sfsistat r = apply(ctx, s.body({reinterpret_cast<const char*>(chunk), len}));
        return r == SMFIS_CONTINUE && conn(ctx)->skip && !s.reads_body() ? SMFIS_SKIP : r;
    });
}

sfsistat on_eom(SMFICTX* ctx) {
    return step(ctx, Step::eom, "eom", [&](policy::Session& s) {
        s.set_qid(macro(ctx, "i"));
        if (!s.eom_may_block()) return apply_eom(ctx, s.eom(), conn(ctx)->leadspc);
        auto verdict = std::async(std::launch::async, [&s] { return s.eom(); });
        while (verdict.wait_for(std::chrono::seconds(1)) != std::future_status::ready) smfi_progress(ctx);
        return apply_eom(ctx, verdict.get(), conn(ctx)->leadspc);
    });
}

sfsistat on_abort(SMFICTX* ctx) {
    if (Conn* c = conn(ctx)) c->failed = false;  // the transaction is over
    return guarded(ctx, "abort", [&](policy::Session& s) {
        s.abort();
        return SMFIS_CONTINUE;
    });
}

sfsistat on_close(SMFICTX* ctx) {
    std::unique_ptr<Conn> c(conn(ctx));
    smfi_setpriv(ctx, nullptr);
    return SMFIS_CONTINUE;
}

}  // namespace

bool register_filter(policy::Runtime& runtime) {
    g_runtime = &runtime;
    struct smfiDesc desc = {};
    desc.xxfi_name = const_cast<char*>("milterpack");
    desc.xxfi_version = SMFI_VERSION;
    desc.xxfi_flags = SMFIF_ADDHDRS | SMFIF_CHGHDRS | SMFIF_ADDRCPT | SMFIF_DELRCPT | SMFIF_QUARANTINE |
                      SMFIF_SETSYMLIST;
    desc.xxfi_connect = on_connect;
    desc.xxfi_helo = on_helo;
    desc.xxfi_envfrom = on_envfrom;
    desc.xxfi_envrcpt = on_envrcpt;
    desc.xxfi_header = on_header;
    desc.xxfi_eoh = on_eoh;
    desc.xxfi_body = on_body;
    desc.xxfi_eom = on_eom;
    desc.xxfi_abort = on_abort;
    desc.xxfi_close = on_close;
    desc.xxfi_data = on_data;
    desc.xxfi_negotiate = on_negotiate;
    return smfi_register(desc) == MI_SUCCESS;
}

}  // namespace mp::milters
