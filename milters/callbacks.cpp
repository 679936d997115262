// callbacks.cpp: libmilter's xxfi_* callbacks. Each one finds the session
// behind smfi_setpriv (libmilter's worker pool may run one connection's
// callbacks on different threads, so there is no thread-local state), calls
// the policy stage and translates the verdict. No exception leaves a callback:
// anything thrown becomes a logged tempfail.
#include "milters/callbacks.hpp"

#include <libmilter/mfapi.h>

#include <chrono>
#include <exception>
#include <future>
#include <memory>

#include "milters/macros.hpp"
#include "milters/reply.hpp"
#include "policy/session.hpp"
#include "util/log.hpp"

namespace mp::milters {

namespace {

policy::Runtime* g_runtime = nullptr;

// One MTA connection: created at negotiation, the session at connect.
struct Conn {
    bool leadspc = false;  // SMFIP_HDR_LEADSPC negotiated
    bool nr_hdr = false;   // SMFIP_NR_HDR negotiated: the MTA expects no reply to a header
    bool header_failed = false;  // under nr_hdr, a failure is answered at end of headers
    std::unique_ptr<policy::Session> session;
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

sfsistat on_negotiate(SMFICTX* ctx, unsigned long f0, unsigned long f1, unsigned long, unsigned long,
                      unsigned long* pf0, unsigned long* pf1, unsigned long* pf2, unsigned long* pf3) {
    const unsigned long want = SMFIF_ADDHDRS | SMFIF_CHGHDRS | SMFIF_ADDRCPT | SMFIF_DELRCPT |
                               SMFIF_QUARANTINE | SMFIF_SETSYMLIST;
    *pf0 = f0 & want;
    // Header values with their leading space: DKIM and scanners need the exact bytes.
    *pf1 = f1 & SMFIP_HDR_LEADSPC;
    auto engine = g_runtime->current();
    if (!engine->wants_content()) *pf1 |= f1 & (SMFIP_NOHDRS | SMFIP_NOEOH | SMFIP_NOBODY);
    *pf1 |= f1 & SMFIP_NOUNKNOWN;
    // Headers never decide anything: one round trip per header field is the
    // largest cost of signing and scanning through the protocol.
    *pf1 |= f1 & SMFIP_NR_HDR;
    // Packets over 64 KB (a long header field): take the largest size the MTA
    // offers; smfi_setmaxdatasize (main.cpp) lets libmilter read them.
    *pf1 |= (f1 & SMFIP_MDS_1M) ? SMFIP_MDS_1M : (f1 & SMFIP_MDS_256K);
    *pf2 = *pf3 = 0;
    if (*pf0 & SMFIF_SETSYMLIST) request_macros(ctx);
    Conn* c = ensure_conn(ctx);
    c->leadspc = (*pf1 & SMFIP_HDR_LEADSPC) != 0;
    c->nr_hdr = (*pf1 & SMFIP_NR_HDR) != 0;
    return SMFIS_CONTINUE;
}

sfsistat on_connect(SMFICTX* ctx, char* hostname, _SOCK_ADDR* addr) {
    try {
        Conn* c = ensure_conn(ctx);
        c->session = std::make_unique<policy::Session>(g_runtime->current());
        return apply(ctx, c->session->connect(client_facts(ctx, hostname, addr)));
    } catch (const std::exception& e) {
        util::log_error("", std::string("connect: internal error: ") + e.what());
    }
    return SMFIS_TEMPFAIL;
}

sfsistat on_helo(SMFICTX* ctx, char* name) {
    return guarded(ctx, "helo", [&](policy::Session& s) { return apply(ctx, s.helo(name, tls_facts(ctx))); });
}

sfsistat on_envfrom(SMFICTX* ctx, char** argv) {
    return guarded(ctx, "mail", [&](policy::Session& s) { return apply(ctx, s.mail(mail_facts(ctx, argv[0]))); });
}

sfsistat on_envrcpt(SMFICTX* ctx, char** argv) {
    return guarded(ctx, "rcpt", [&](policy::Session& s) { return apply(ctx, s.rcpt(argv[0])); });
}

sfsistat on_data(SMFICTX* ctx) {
    return guarded(ctx, "data", [&](policy::Session& s) {
        s.set_qid(macro(ctx, "i"));
        return apply(ctx, s.data());
    });
}

sfsistat on_header(SMFICTX* ctx, char* name, char* value) {
    sfsistat r = guarded(ctx, "header", [&](policy::Session& s) {
        s.header(name, value);
        return SMFIS_CONTINUE;
    });
    Conn* c = conn(ctx);
    if (!c || !c->nr_hdr) return r;
    // Pitfall: under SMFIP_NR_HDR any reply but NOREPLY desynchronizes the MTA.
    if (r != SMFIS_CONTINUE) c->header_failed = true;
    return SMFIS_NOREPLY;
}

sfsistat on_eoh(SMFICTX* ctx) {
    Conn* c = conn(ctx);
    if (c && c->header_failed) {
        c->header_failed = false;
        return SMFIS_TEMPFAIL;
    }
    return guarded(ctx, "eoh", [&](policy::Session& s) { return apply(ctx, s.eoh()); });
}

sfsistat on_body(SMFICTX* ctx, unsigned char* chunk, size_t len) {
    return guarded(ctx, "body", [&](policy::Session& s) {
        return apply(ctx, s.body({reinterpret_cast<const char*>(chunk), len}));
    });
}

// sendmail waits only T=R for the end-of-data reply, and a scan may take
// longer: while scanners work, a progress message every second restarts
// that wait, so the scanners' own deadlines (inside T=E) decide.
sfsistat on_eom(SMFICTX* ctx) {
    return guarded(ctx, "eom", [&](policy::Session& s) {
        s.set_qid(macro(ctx, "i"));
        if (!s.eom_may_block()) return apply_eom(ctx, s.eom(), conn(ctx)->leadspc);
        auto verdict = std::async(std::launch::async, [&s] { return s.eom(); });
        while (verdict.wait_for(std::chrono::seconds(1)) != std::future_status::ready) smfi_progress(ctx);
        return apply_eom(ctx, verdict.get(), conn(ctx)->leadspc);
    });
}

sfsistat on_abort(SMFICTX* ctx) {
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
