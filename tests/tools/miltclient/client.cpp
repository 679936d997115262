// client.cpp: see client.hpp. One command = macros (if any) + the command
// packet, then replies until a final one. Which steps are sent and which
// replies are legal mirror sendmail's milter.c.
#include "client.hpp"

#include <libmilter/mfapi.h>
#include <libmilter/mfdef.h>

namespace mp::miltclient {
namespace {

struct StageFlags {
    std::uint32_t no, nr;
};

StageFlags flags_of(Stage s) {
    switch (s) {
    case Stage::connect: return {SMFIP_NOCONNECT, SMFIP_NR_CONN};
    case Stage::helo: return {SMFIP_NOHELO, SMFIP_NR_HELO};
    case Stage::mail: return {SMFIP_NOMAIL, SMFIP_NR_MAIL};
    case Stage::rcpt: return {SMFIP_NORCPT, SMFIP_NR_RCPT};
    case Stage::data: return {SMFIP_NODATA, SMFIP_NR_DATA};
    case Stage::header: return {SMFIP_NOHDRS, SMFIP_NR_HDR};
    case Stage::eoh: return {SMFIP_NOEOH, SMFIP_NR_EOH};
    case Stage::body: return {SMFIP_NOBODY, SMFIP_NR_BODY};
    case Stage::eom: return {0, 0};
    }
    return {0, 0};
}

// The action flag a filter must have negotiated to send this EOM action.
std::uint32_t needed_action(char code) {
    switch (code) {
    case SMFIR_ADDHEADER: case SMFIR_INSHEADER: return SMFIF_ADDHDRS;
    case SMFIR_CHGHEADER: return SMFIF_CHGHDRS;
    case SMFIR_ADDRCPT: return SMFIF_ADDRCPT;
    case SMFIR_ADDRCPT_PAR: return SMFIF_ADDRCPT_PAR;
    case SMFIR_DELRCPT: return SMFIF_DELRCPT;
    case SMFIR_REPLBODY: return SMFIF_CHGBODY;
    case SMFIR_QUARANTINE: return SMFIF_QUARANTINE;
    case SMFIR_CHGFROM: return SMFIF_CHGFROM;
    default: return 0;
    }
}

bool decides(char code) { return code != SMFIR_CONTINUE && code != SMFIR_SKIP; }

std::string bare(std::string_view name) {
    if (name.size() >= 2 && name.front() == '{' && name.back() == '}') name = name.substr(1, name.size() - 2);
    return std::string(name);
}

}  // namespace

bool Client::leadspc() const { return neg_.protocol & SMFIP_HDR_LEADSPC; }

std::optional<std::string> Client::blocked(Stage s) const {
    if (!ch_.is_open()) return "connection closed";
    if (!conn_done_.empty()) return conn_done_;
    bool msg_stage = s != Stage::connect && s != Stage::helo && s != Stage::mail;
    if (msg_stage && !msg_done_.empty()) return msg_done_;
    if (s == Stage::body && skip_body_) return "after skip";
    return std::nullopt;
}

void Client::send_macros(Stage s, char cmd) {
    int i = static_cast<int>(s);
    if (i >= kMacroStages || macros_[i].empty()) return;
    std::string data(1, cmd);
    const auto& only = neg_.symlist[i];
    for (const auto& [name, value] : macros_[i]) {
        if (only) {
            bool listed = false;
            for (const auto& n : *only) listed = listed || bare(n) == bare(name);
            if (!listed) continue;
        }
        data += name;
        data.push_back('\0');
        data += value;
        data.push_back('\0');
    }
    if (data.size() > 1) ch_.queue(SMFIC_MACRO, data);
}

Result<Step> Client::command(Stage s, char cmd, std::string_view data) {
    Step step;
    if (auto why = blocked(s)) {
        step.status = Step::Status::not_sent;
        step.note = *why;
        return step;
    }
    send_macros(s, cmd);
    auto [no, nr] = flags_of(s);
    if (neg_.protocol & no) {
        step.status = Step::Status::not_sent;
        step.note = "not negotiated";
        return step;
    }
    ch_.queue(cmd, data);
    if (neg_.protocol & nr) {
        step.status = Step::Status::no_reply;
        if (auto f = ch_.flush(); !f) return fail(std::string(stage_name(s)) + ": " + f.error().message);
        return step;
    }
    if (auto r = read_replies(s, step); !r) {
        ch_.close();
        return fail(std::string(stage_name(s)) + ": " + r.error().message);
    }
    after_final(s, step.replies.back());
    return step;
}

Result<void> Client::read_replies(Stage s, Step& step) {
    for (;;) {
        auto r = ch_.read();
        if (!r) return Unexpected<Error>{r.error()};
        if (auto c = check(*r); !c) return c;
        char code = r->cmd;
        if (code == SMFIR_PROGRESS) continue;
        if (is_action(code)) {
            if (s != Stage::eom) return fail(describe(*r, leadspc()) + ": action before end of message");
            if (!(neg_.actions & needed_action(code)))
                return fail(describe(*r, leadspc()) + ": action not negotiated (" +
                            action_flag_names(needed_action(code)) + ")");
        } else if (code == SMFIR_SKIP && (s != Stage::body || !(neg_.protocol & SMFIP_SKIP))) {
            return fail("skip outside the body or without SMFIP_SKIP");
        }
        step.replies.push_back(std::move(*r));
        if (is_final(code)) return {};
    }
}

// Track what sendmail would still send this filter (milter_send_command()).
void Client::after_final(Stage s, const Reply& r) {
    char code = r.cmd;
    std::string why = "after " + kind_name(r) + " at " + stage_name(s);
    if (code == SMFIR_CONN_FAIL || code == SMFIR_SHUTDOWN) {
        conn_done_ = why;
        return;
    }
    switch (s) {
    case Stage::connect:
        if (decides(code)) conn_done_ = why;
        return;
    case Stage::helo:
        if (code == SMFIR_ACCEPT) conn_done_ = why;
        return;
    case Stage::mail:
        in_msg_ = code == SMFIR_CONTINUE;
        if (decides(code)) msg_done_ = why;
        return;
    case Stage::rcpt:  // a reject refuses only this recipient
        if (code == SMFIR_ACCEPT) msg_done_ = why, in_msg_ = false;
        return;
    case Stage::eom:
        in_msg_ = false, msg_done_.clear(), skip_body_ = false;
        return;
    default:
        if (code == SMFIR_SKIP) skip_body_ = true;
        if (!decides(code)) return;
        msg_done_ = why;
        if (code != SMFIR_ACCEPT && in_msg_) ch_.queue(SMFIC_ABORT, {});  // sendmail's milter_abort()
        in_msg_ = false;
    }
}

}  // namespace mp::miltclient
