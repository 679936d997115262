// capi.cpp: the extern "C" entry points of the libpmilter API (sm/pmfapi.h)
// and smerr2txt. Every function checks its context and where it is called
// from (negotiate, a session's own callback, eom) and returns an error
// instead of acting out of place. No exception leaves this file.
#include <cerrno>
#include <cstdarg>
#include <cstdio>
#include <sys/socket.h>
#include <exception>

#include "listen.hpp"
#include "names.hpp"
#include "server.hpp"

using namespace mp::pmapi;

namespace {

sm_ret_T invalid() { return sm_error_perm(EINVAL); }
sm_ret_T misplaced() { return sm_error_perm(EPERM); }

bool in_negotiate(pmss_ctx_P ss) { return ss && ss->negotiate_thread == std::this_thread::get_id(); }

sm_ret_T request(pmss_ctx_P ss, unsigned int stage, const std::vector<std::uint32_t>& ids) {
    if (!in_negotiate(ss)) return misplaced();
    auto ok = check_macro_request(stage, ids);
    if (!ok) {
        ss->g->log(1, "sm_pmfi_setmacs: " + ok.error().message);
        return ids.size() > PM_MACROS_MAX ? sm_error_perm(E2BIG) : invalid();
    }
    ss->macs[stage] = ids;
    return SM_SUCCESS;
}

sm_ret_T add_edit(pmse_ctx_P se, Frame f) {
    if (!se || !se->in_callback() || !se->in_eom) return misplaced();
    if (se->edits.size() >= kMaxEdits) return sm_error_perm(E2BIG);
    se->edits.push_back(std::move(f));
    return SM_SUCCESS;
}

}  // namespace

void pmg_ctx_S::log(unsigned int level, const std::string& msg) const {
    if (dbg >= level) std::fprintf(stderr, "libpmilter: %s\n", msg.c_str());
}

void pmss_ctx_S::send(const std::vector<Frame>& frames) {
    std::string out;
    for (const auto& f : frames) out += encode(f);
    std::lock_guard lk(write_mu);
    write_out(out);
}

void pmss_ctx_S::write_out(const std::string& out) {
    if (write_closed) return;
    std::size_t off = 0;
    while (off < out.size()) {
        ssize_t n = ::send(fd.get(), out.data() + off, out.size() - off, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return;
        off += static_cast<std::size_t>(n);
    }
}

void pmss_ctx_S::fail(const std::string& reason) {
    g->log(1, "driver connection " + peer + " closed: " + reason);
    std::lock_guard lk(write_mu);
    write_out(encode(make_frame('X', 0, {reason})));
    write_closed = true;  // X is the last frame
    shutdown(fd.get(), SHUT_RDWR);
}

extern "C" {

const char* smerr2txt(sm_ret_T r) {
    if (!sm_is_err(r)) return nullptr;
    switch (r & 0xffff) {
        case EINVAL: return "libpmilter: invalid argument";
        case EPERM: return "libpmilter: not allowed here (outside its callback or stage)";
        case E2BIG: return "libpmilter: too many";
        case ENOENT: return "libpmilter: macro not requested for this stage";
        case EIO: return "libpmilter: replacement message failed";
        case ENOMEM: return "libpmilter: out of memory";
        default: return nullptr;
    }
}

sm_ret_T sm_pmfi_init(pmg_ctx_P* pmg) {
    if (!pmg) return invalid();
    try {
        *pmg = std::make_unique<pmg_ctx_S>().release();  // lives as long as the process
        return SM_SUCCESS;
    } catch (...) {
        return sm_error_temp(ENOMEM);
    }
}

sm_ret_T sm_pmfi_version(pmg_ctx_P g, uint32_t* major, uint32_t* minor, uint32_t* patchlevel) {
    if (!g || !major || !minor || !patchlevel) return invalid();
    *major = LPMILTER_VERSION_MAJOR;
    *minor = LPMILTER_VERSION_MINOR;
    *patchlevel = LPMILTER_VERSION_PATCHLEVEL;
    return SM_SUCCESS;
}

sm_ret_T sm_pmfi_setdbg(pmg_ctx_P g, unsigned int level) {
    if (!g) return invalid();
    g->dbg = level;
    return SM_SUCCESS;
}

sm_ret_T sm_pmfi_setconn(pmg_ctx_P g, char* spec) {
    if (!g || !spec) return invalid();
    auto s = parse_spec(spec);
    if (!s) {
        std::fprintf(stderr, "libpmilter: sm_pmfi_setconn: %s\n", s.error().message.c_str());
        return invalid();
    }
    g->spec = spec;
    return SM_SUCCESS;
}

sm_ret_T sm_pmfi_set_ctx_g(pmg_ctx_P g, void* ctx) {
    if (!g) return invalid();
    g->user = ctx;
    return SM_SUCCESS;
}

sm_ret_T sm_pmfi_start(pmg_ctx_P g, pmilter_T* pm) {
    if (!g || !pm || g->spec.empty() || g->server) return invalid();
    if ((pm->pmfi_version >> 24) != LPMILTER_VERSION_MAJOR) {
        std::fprintf(stderr, "libpmilter: pmilter built for API major %u, library is %u\n", pm->pmfi_version >> 24,
                     LPMILTER_VERSION_MAJOR);
        return invalid();
    }
    try {
        g->server = std::make_unique<Server>(*g, *pm);
        auto r = g->server->run();
        std::fprintf(stderr, "libpmilter: %s\n", r ? "stopped" : r.error().message.c_str());
        return sm_error_temp(EIO);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "libpmilter: sm_pmfi_start: %s\n", e.what());
        return sm_error_temp(ENOMEM);
    }
}

sm_ret_T sm_pmfi_setmacs(pmss_ctx_P ss, unsigned int stage, uint32_t* macs) {
    if (!macs) return invalid();
    std::vector<std::uint32_t> ids;
    for (std::size_t i = 0; macs[i] != PMM_END; ++i) {
        if (i > PM_MACROS_MAX) return request(ss, stage, std::vector<std::uint32_t>(PM_MACROS_MAX + 1));
        ids.push_back(macs[i]);
    }
    return request(ss, stage, ids);
}

sm_ret_T sm_pmfi_setmaclist(pmss_ctx_P ss, unsigned int stage, ...) {
    std::vector<std::uint32_t> ids;
    va_list ap;
    va_start(ap, stage);
    for (std::uint32_t id; (id = va_arg(ap, uint32_t)) != PMM_END;) {
        ids.push_back(id);
        if (ids.size() > PM_MACROS_MAX) break;
    }
    va_end(ap);
    return request(ss, stage, ids);
}

sm_ret_T sm_pmfi_getmac(pmse_ctx_P se, uint32_t mac, char** value) {
    if (!value) return invalid();
    *value = nullptr;
    if (!se || !se->in_callback() || se->cb_stage < 0 || !se->cb_macros) return misplaced();
    const auto& ids = se->conn->macs[static_cast<std::size_t>(se->cb_stage)];
    for (std::size_t i = 0; i < ids.size() && i < se->cb_macros->size(); ++i) {
        if (ids[i] != mac) continue;
        auto& v = (*se->cb_macros)[i];
        *value = v ? const_cast<char*>(v->c_str()) : nullptr;
        return SM_SUCCESS;
    }
    return sm_error_perm(ENOENT);
}

void* sm_pmfi_get_ctx_se(pmse_ctx_P se) { return se ? se->user : nullptr; }

sm_ret_T sm_pmfi_set_ctx_se(pmse_ctx_P se, void* ctx) {
    if (!se) return invalid();
    se->user = ctx;
    return SM_SUCCESS;
}

sm_ret_T sm_pmfi_setreply(pmse_ctx_P se, const char* reply) {
    if (!se || !reply) return invalid();
    if (!se->in_callback()) return misplaced();
    try {
        auto r = normalize_reply(reply);
        if (!r) {
            se->conn->g->log(1, "sm_pmfi_setreply: " + r.error().message);
            return invalid();
        }
        se->reply = std::move(*r);
        return SM_SUCCESS;
    } catch (...) {
        return sm_error_temp(ENOMEM);
    }
}

sm_ret_T sm_pmfi_hdr_mod(pmse_ctx_P se, unsigned int type, uint32_t idx, const unsigned char* line) {
    if (!line || !hdrmod_name(type)) return invalid();
    std::string l(reinterpret_cast<const char*>(line));
    if (l.find(':') == std::string::npos) return invalid();
    if (l.size() < 2 || l.compare(l.size() - 2, 2, "\r\n") != 0) l += "\r\n";
    try {
        return add_edit(se, make_frame('h', se ? se->sid : 0, {hdrmod_name(type), std::to_string(idx), l}));
    } catch (...) {
        return sm_error_temp(ENOMEM);
    }
}

sm_ret_T sm_pmfi_rcpt_add(pmse_ctx_P se, const char* rcpt, const char* argv) {
    if (!rcpt || !*rcpt) return invalid();
    Field arg = argv ? Field(argv) : std::nullopt;
    try {
        return add_edit(se, make_frame('a', se ? se->sid : 0, {std::string(rcpt), arg}));
    } catch (...) {
        return sm_error_temp(ENOMEM);
    }
}

sm_ret_T sm_pmfi_rcpt_del(pmse_ctx_P se, const char* rcpt, uint32_t idx) {
    if (!rcpt || !*rcpt) return invalid();
    try {
        return add_edit(se, make_frame('d', se ? se->sid : 0, {std::string(rcpt), std::to_string(idx)}));
    } catch (...) {
        return sm_error_temp(ENOMEM);
    }
}

}  // extern "C"
