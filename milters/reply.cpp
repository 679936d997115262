// reply.cpp: see reply.hpp.
#include "milters/reply.hpp"

#include "util/log.hpp"

namespace mp::milters {

namespace {

using verdict::Action;
using verdict::HeaderEdit;

sfsistat code_for(const verdict::Verdict& v) {
    switch (v.action) {
    case Action::Continue: return SMFIS_CONTINUE;
    case Action::Accept: return SMFIS_ACCEPT;
    case Action::Discard: return SMFIS_DISCARD;
    case Action::Quarantine: return SMFIS_CONTINUE;
    case Action::Tempfail: return SMFIS_TEMPFAIL;
    case Action::Reject: return v.reply.temporary() ? SMFIS_TEMPFAIL : SMFIS_REJECT;
    }
    return SMFIS_TEMPFAIL;
}

char* c(std::string& s) { return s.data(); }
char* c_or_null(std::string& s) { return s.empty() ? nullptr : s.data(); }

bool edit_header(SMFICTX* ctx, const HeaderEdit& e, bool leadspc) {
    std::string name = e.name, value = header_value(e.value, leadspc);
    switch (e.op) {
    case HeaderEdit::Op::Add: return smfi_addheader(ctx, c(name), c(value)) == MI_SUCCESS;
    case HeaderEdit::Op::Insert: return smfi_insheader(ctx, e.index, c(name), c(value)) == MI_SUCCESS;
    case HeaderEdit::Op::Change:
        return smfi_chgheader(ctx, c(name), e.index, c(value)) == MI_SUCCESS;
    case HeaderEdit::Op::Delete: return smfi_chgheader(ctx, c(name), e.index, nullptr) == MI_SUCCESS;
    }
    return false;
}

const char* qid_of(SMFICTX* ctx) {
    const char* q = smfi_getsymval(ctx, const_cast<char*>("i"));
    return q ? q : "";
}

}  // namespace

Answer answer_for(const verdict::Verdict& v) {
    Answer a{code_for(v), std::nullopt};
    bool replies = v.action == Action::Reject || v.action == Action::Tempfail;
    if (replies && !v.reply.code.empty())
        a.setreply = verdict::Reply{v.reply.code, v.reply.xcode, reply_text(v.reply.text)};
    return a;
}

std::string header_value(std::string value, bool leadspc) {
    bool has = !value.empty() && (value[0] == ' ' || value[0] == '\t');
    if (leadspc && !has) value.insert(0, 1, ' ');
    if (!leadspc && has) value.erase(0, 1);
    return value;
}

std::string reply_text(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (unsigned char ch : text) {
        if (ch == '%') out += "%%";
        else if (ch < 0x20 || ch == 0x7f) out += '?';
        else out += char(ch);
    }
    return out;
}

sfsistat apply(SMFICTX* ctx, const verdict::Verdict& v) {
    Answer a = answer_for(v);
    if (auto& r = a.setreply) {
        if (smfi_setreply(ctx, c(r->code), c_or_null(r->xcode), c_or_null(r->text)) != MI_SUCCESS)
            util::log_warning(qid_of(ctx), "smfi_setreply refused reply " + v.reply.code + " " + v.reply.xcode);
    }
    return a.code;
}

sfsistat apply_eom(SMFICTX* ctx, const verdict::Verdict& v, bool leadspc) {
    const char* qid = qid_of(ctx);
    for (const auto& e : v.headers)
        if (!edit_header(ctx, e, leadspc)) util::log_error(qid, "header edit failed for " + e.name);
    for (std::string r : v.del_rcpts)
        if (smfi_delrcpt(ctx, c(r)) != MI_SUCCESS) util::log_error(qid, "delrcpt failed for " + r);
    for (std::string r : v.add_rcpts)
        if (smfi_addrcpt(ctx, c(r)) != MI_SUCCESS) util::log_error(qid, "addrcpt failed for " + r);
    if (v.action == Action::Quarantine) {
        std::string why = v.quarantine_reason.empty() ? v.reason : v.quarantine_reason;
        if (smfi_quarantine(ctx, c(why)) != MI_SUCCESS) util::log_error(qid, "quarantine failed");
    }
    return apply(ctx, v);
}

}  // namespace mp::milters
