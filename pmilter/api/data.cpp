// data.cpp: the data phase of a transaction (PROTOCOL.md sections 5 and 6):
// DATA, message chunks (msg), end of message (eom) with the edits made in it,
// and message replacement pulled through msg_rplc.
#include "names.hpp"
#include "server.hpp"

namespace mp::pmapi {
namespace {

Result<std::vector<Frame>> do_data(const pmilter_T& pm, pmse_ctx_S& se, const Frame& fr) {
    auto f = decode_fields(fr.payload);
    if (!f) return fail("D: " + f.error().message);
    auto m = take_macros(se, PM_SMST_DATA, *f, 0);
    if (!m) return fail(m.error().message);
    se.data_macros = std::move(*m);
    se.data_done = false;
    if (!pm.pmfi_data) return std::vector<Frame>{reply_frame(se, SMTP_R_CONT, std::nullopt)};
    InCallback cb(se, PM_SMST_DATA, &se.data_macros);
    return std::vector<Frame>{answer(se, pm.pmfi_data(&se))};
}

// The data phase ended early: repeat its answer, call nothing.
Frame repeat_end(pmse_ctx_S& se) { return reply_frame(se, se.data_code, se.data_text); }

Result<std::vector<Frame>> do_msg(const pmilter_T& pm, pmse_ctx_S& se, const Frame& fr) {
    if (se.data_done) return std::vector<Frame>{repeat_end(se)};
    if (!pm.pmfi_msg) return std::vector<Frame>{reply_frame(se, SMTP_R_OK, std::nullopt)};
    Frame out;
    {
        InCallback cb(se, PM_SMST_DATA, &se.data_macros);
        std::string chunk = fr.payload;  // the pmilter may write into it
        out = answer(se, pm.pmfi_msg(&se, reinterpret_cast<unsigned char*>(chunk.data()), chunk.size()));
    }
    if (se.last_code != SMTP_R_OK) {  // the transaction ends here: no eom, no abort
        se.data_done = true;
        se.in_tx = false;
        se.data_code = se.last_code;
        auto fields = decode_fields(out.payload);
        se.data_text = fields && fields->size() == 2 ? (*fields)[1] : std::nullopt;
    }
    return std::vector<Frame>{out};
}

// msg_rplc until OK; each CONT chunk becomes a b frame. Returns false when
// the replacement failed (msg_rplc_stat then gets an error).
bool pull_replacement(const pmilter_T& pm, pmse_ctx_S& se, std::vector<Frame>& out) {
    if (!pm.pmfi_msg_rplc) return false;
    for (;;) {
        const unsigned char* chunk = nullptr;
        std::size_t len = 0;
        sfsistat_T r = pm.pmfi_msg_rplc(&se, &chunk, &len);
        if (r == SMTP_R_OK) return true;
        if (r != SMTP_R_CONT || len > kMaxPayload || (len > 0 && !chunk)) return false;
        if (len > 0) out.push_back(Frame{'b', se.sid, std::string(reinterpret_cast<const char*>(chunk), len)});
    }
}

Result<std::vector<Frame>> do_eom(const pmilter_T& pm, pmse_ctx_S& se, const Frame& fr) {
    auto f = decode_fields(fr.payload);
    if (!f) return fail("E: " + f.error().message);
    auto m = take_macros(se, PM_SMST_DOT, *f, 0);
    if (!m) return fail(m.error().message);
    se.in_tx = false;
    if (se.data_done) return std::vector<Frame>{repeat_end(se)};
    if (!pm.pmfi_eom) return std::vector<Frame>{reply_frame(se, SMTP_R_CONT, std::nullopt)};
    std::vector<Frame> out;
    InCallback cb(se, PM_SMST_DOT, &*m);
    se.in_eom = true;
    se.edits.clear();
    sfsistat_T code = pm.pmfi_eom(&se);
    se.in_eom = false;
    out = std::move(se.edits);
    se.edits.clear();
    if (code != SMTP_R_RPLCMSG) {
        out.push_back(answer(se, code));
        return out;
    }
    bool ok = pull_replacement(pm, se, out);
    if (pm.pmfi_msg_rplc_stat) pm.pmfi_msg_rplc_stat(&se, ok ? SM_SUCCESS : sm_error_temp(5));
    out.push_back(ok ? answer(se, code) : reply_frame(se, SMTP_R_TEMP, default_reply(SMTP_R_TEMP)));
    return out;
}

}  // namespace

Result<std::vector<Frame>> process_data(const pmilter_T& pm, pmse_ctx_S& se, const Frame& fr) {
    if (fr.type == 'D') return do_data(pm, se, fr);
    if (fr.type == 'B') return do_msg(pm, se, fr);
    return do_eom(pm, se, fr);
}

}  // namespace mp::pmapi
