// session.cpp: one frame of an SMTP session -> the pmilter's callback -> the
// answer frames (PROTOCOL.md sections 2, 5, 6). Runs on a worker thread that
// owns the session for the duration (server.hpp).
#include <arpa/inet.h>

#include <cstdlib>

#include "names.hpp"
#include "server.hpp"

namespace mp::pmapi {

Frame reply_frame(pmse_ctx_S& se, int code, const std::optional<std::string>& text) {
    se.last_code = code;
    return make_frame('r', se.sid, {std::string(code_name(code)), text});
}

// The answer for a callback's code: invalid codes become TEMP.
Frame answer(pmse_ctx_S& se, int code) {
    if (!code_name(code)) {
        se.conn->g->log(1, "session " + std::to_string(se.sid) + ": callback returned " + std::to_string(code) +
                               ", not an SMTP_R_* code; answering TEMP");
        return reply_frame(se, SMTP_R_TEMP, default_reply(SMTP_R_TEMP));
    }
    return reply_frame(se, code, se.reply ? se.reply : default_reply(code));
}

// Splits off the macro values of `stage` from the end of `fields`.
Result<std::vector<Field>> take_macros(const pmse_ctx_S& se, unsigned stage, Fields& fields, std::size_t fixed) {
    std::size_t want = se.conn->macs[stage].size();
    if (fields.size() != fixed + want)
        return fail("session " + std::to_string(se.sid) + ": " + std::to_string(fields.size()) + " fields, want " +
                    std::to_string(fixed + want));
    std::vector<Field> m(fields.begin() + static_cast<long>(fixed), fields.end());
    fields.resize(fixed);
    return m;
}

namespace {

bool is_null_or_missing(const Fields& f, std::size_t i) { return i >= f.size() || !f[i]; }

Result<std::vector<Frame>> do_connect(const pmilter_T& pm, pmse_ctx_S& se, Fields& f) {
    if (f.size() < 3 || is_null_or_missing(f, 0) || is_null_or_missing(f, 1) || is_null_or_missing(f, 2))
        return fail("C: want hostname, address, port");
    auto m = take_macros(se, PM_SMST_CONNECT, f, 3);
    if (!m) return fail(m.error().message);
    sm_sockaddr_T sa{};
    auto port = htons(static_cast<uint16_t>(std::atoi(f[2]->c_str())));
    if (inet_pton(AF_INET, f[1]->c_str(), &sa.sin.sin_addr) == 1) {
        sa.sin.sin_family = AF_INET;
        sa.sin.sin_port = port;
    } else if (inet_pton(AF_INET6, f[1]->c_str(), &sa.sin6.sin6_addr) == 1) {
        sa.sin6.sin6_family = AF_INET6;
        sa.sin6.sin6_port = port;
    } else {
        return fail("C: not an IP address: " + *f[1]);
    }
    se.connected = true;
    if (!pm.pmfi_connect) return std::vector<Frame>{reply_frame(se, SMTP_R_CONT, std::nullopt)};
    InCallback cb(se, PM_SMST_CONNECT, &*m);
    return std::vector<Frame>{answer(se, pm.pmfi_connect(&se, f[0]->c_str(), &sa))};
}

Result<std::vector<Frame>> do_helo(const pmilter_T& pm, pmse_ctx_S& se, Fields& f) {
    if (f.size() < 2 || is_null_or_missing(f, 0) || is_null_or_missing(f, 1)) return fail("H: want name, E|H");
    auto m = take_macros(se, PM_SMST_EHLO, f, 2);
    if (!m) return fail(m.error().message);
    if (!pm.pmfi_helo) return std::vector<Frame>{reply_frame(se, SMTP_R_CONT, std::nullopt)};
    InCallback cb(se, PM_SMST_EHLO, &*m);
    return std::vector<Frame>{answer(se, pm.pmfi_helo(&se, f[0]->c_str(), *f[1] == "E"))};
}

using EnvelopeFn = sfsistat_T (*)(pmse_ctx_P, const char*, char**);

// M and R: address, argc (-1: argv NULL), argv..., macros.
Result<std::vector<Frame>> do_envelope(pmse_ctx_S& se, Fields& f, unsigned stage, EnvelopeFn fn) {
    if (f.size() < 2 || is_null_or_missing(f, 0) || is_null_or_missing(f, 1)) return fail("M/R: want address, argc");
    long argc = std::strtol(f[1]->c_str(), nullptr, 10);
    if (argc < -1 || argc > 64) return fail("M/R: bad argc " + *f[1]);
    std::size_t fixed = 2 + static_cast<std::size_t>(argc < 0 ? 0 : argc);
    auto m = take_macros(se, stage, f, fixed);
    if (!m) return fail(m.error().message);
    std::vector<char*> argv;
    for (std::size_t i = 2; i < fixed; ++i) {
        if (!f[i]) return fail("M/R: NULL ESMTP argument");
        argv.push_back(f[i]->data());
    }
    argv.push_back(nullptr);
    if (!fn) return std::vector<Frame>{reply_frame(se, SMTP_R_CONT, std::nullopt)};
    InCallback cb(se, static_cast<int>(stage), &*m);
    return std::vector<Frame>{answer(se, fn(&se, f[0]->c_str(), argc < 0 ? nullptr : argv.data()))};
}

bool opens_tx(int code) { return code != SMTP_R_TEMP && code != SMTP_R_PERM && code != SMTP_R_SSD; }

Result<std::vector<Frame>> do_mail(const pmilter_T& pm, pmse_ctx_S& se, Fields& f) {
    if (se.in_tx && pm.pmfi_abort) {  // a new MAIL ends an open transaction
        InCallback cb(se, -1, nullptr);
        pm.pmfi_abort(&se);
    }
    se.in_tx = false;
    se.data_done = false;
    auto out = do_envelope(se, f, PM_SMST_MAIL, pm.pmfi_mail);
    se.in_tx = out && opens_tx(se.last_code);
    return out;
}

}  // namespace

Result<std::vector<Frame>> process_frame(const pmilter_T& pm, pmse_ctx_S& se, const Frame& fr) {
    if (fr.type == 'B' || fr.type == 'E' || fr.type == 'D') return process_data(pm, se, fr);
    auto fields = decode_fields(fr.payload);
    if (!fields) return fail(std::string(1, fr.type) + ": " + fields.error().message);
    auto& f = *fields;
    switch (fr.type) {
        case 'C': return do_connect(pm, se, f);
        case 'H': return do_helo(pm, se, f);
        case 'M': return do_mail(pm, se, f);
        case 'R': return do_envelope(se, f, PM_SMST_RCPT, pm.pmfi_rcpt);
        case 'U': {
            if (f.size() != 1 || !f[0]) return fail("U: want one command field");
            if (!pm.pmfi_unknown) return std::vector<Frame>{reply_frame(se, SMTP_R_CONT, std::nullopt)};
            InCallback cb(se, -1, nullptr);
            return std::vector<Frame>{answer(se, pm.pmfi_unknown(&se, f[0]->c_str()))};
        }
        case 'A':
        case 'Q': {
            if (!f.empty()) return fail(std::string(1, fr.type) + ": no fields expected");
            sm_ret_T r = SM_SUCCESS;
            InCallback cb(se, -1, nullptr);
            if (se.in_tx && pm.pmfi_abort) r = pm.pmfi_abort(&se);
            se.in_tx = false;
            if (fr.type == 'Q' && pm.pmfi_close) r = pm.pmfi_close(&se);
            return std::vector<Frame>{make_frame('k', se.sid, {std::to_string(r)})};
        }
    }
    return fail(std::string("unexpected frame type ") + fr.type);
}

void process_gone(const pmilter_T& pm, pmse_ctx_S& se) {
    if (!se.connected) return;  // connect never ran: nothing to close
    InCallback cb(se, -1, nullptr);
    if (se.in_tx && pm.pmfi_abort) pm.pmfi_abort(&se);
    se.in_tx = false;
    if (pm.pmfi_close) pm.pmfi_close(&se);
}

}  // namespace mp::pmapi
