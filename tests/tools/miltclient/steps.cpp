// steps.cpp: the encoders of the SMTP-side steps (SMFIC_CONNECT ... QUIT);
// client.cpp decides whether and how each one is sent and answered.
#include <libmilter/mfdef.h>

#include "client.hpp"

namespace mp::miltclient {
namespace {

constexpr std::size_t kChunk = MILTER_CHUNK_SIZE;  // sendmail's body chunk

void append_args(std::string& out, const std::vector<std::string>& args) {
    for (const auto& a : args) {
        out += a;
        out.push_back('\0');
    }
}

}  // namespace

Result<Step> Client::connect(const ConnectInfo& ci) {
    std::string d = ci.hostname;
    d.push_back('\0');
    d.push_back(ci.family);
    if (ci.family != SMFIA_UNKNOWN) {
        d.push_back(static_cast<char>(ci.port >> 8));
        d.push_back(static_cast<char>(ci.port & 0xff));
        d += ci.address;
        d.push_back('\0');
    }
    return command(Stage::connect, SMFIC_CONNECT, d);
}

Result<Step> Client::helo(std::string_view name) {
    std::string d(name);
    d.push_back('\0');
    return command(Stage::helo, SMFIC_HELO, d);
}

Result<Step> Client::mail(const std::vector<std::string>& args) {
    if (in_msg_) ch_.queue(SMFIC_ABORT, {});  // a new MAIL implies RSET
    in_msg_ = false;
    msg_done_.clear();
    skip_body_ = false;
    std::string d;
    append_args(d, args);
    return command(Stage::mail, SMFIC_MAIL, d);
}

Result<Step> Client::rcpt(const std::vector<std::string>& args) {
    std::string d;
    append_args(d, args);
    return command(Stage::rcpt, SMFIC_RCPT, d);
}

Result<Step> Client::data() { return command(Stage::data, SMFIC_DATA, {}); }
Result<Step> Client::eoh() { return command(Stage::eoh, SMFIC_EOH, {}); }

Result<Step> Client::header(std::string_view name, std::string_view raw_value) {
    // sendmail strips exactly one leading space unless the filter asked for it.
    if (!leadspc() && !raw_value.empty() && raw_value.front() == ' ') raw_value.remove_prefix(1);
    std::string d(name);
    d.push_back('\0');
    d += raw_value;
    d.push_back('\0');
    return command(Stage::header, SMFIC_HEADER, d);
}

Result<Step> Client::body(std::string_view bytes) {
    Step all;
    if (bytes.empty()) {
        all.status = Step::Status::not_sent;
        all.note = "empty body";
        return all;
    }
    for (std::size_t off = 0; off < bytes.size(); off += kChunk) {
        auto s = command(Stage::body, SMFIC_BODY, bytes.substr(off, kChunk));
        if (!s) return s;
        if (off == 0) { all.status = s->status; all.note = s->note; }
        for (auto& r : s->replies) all.replies.push_back(std::move(r));
        if (s->status == Step::Status::not_sent) break;
        if (!all.replies.empty() && all.replies.back().cmd != SMFIR_CONTINUE) break;
    }
    return all;
}

Result<Step> Client::eom() { return command(Stage::eom, SMFIC_BODYEOB, {}); }

Result<void> Client::abort() {
    if (!ch_.is_open()) return fail("abort: connection closed");
    in_msg_ = false;
    ch_.queue(SMFIC_ABORT, {});
    return ch_.flush();
}

void Client::reset_session() {
    conn_done_.clear();
    msg_done_.clear();
    in_msg_ = false;
    skip_body_ = false;
}

Result<void> Client::quit() {
    if (!ch_.is_open()) return {};
    ch_.queue(SMFIC_QUIT, {});
    auto f = ch_.flush();
    ch_.close();
    reset_session();
    return f;
}

Result<void> Client::quit_nc() {
    if (!ch_.is_open()) return fail("quit-nc: connection closed");
    ch_.queue(SMFIC_QUIT_NC, {});
    reset_session();
    return ch_.flush();
}

}  // namespace mp::miltclient
