// run.cpp: see run.hpp.
#include "qmail/run.hpp"

#include <cstdlib>

#include "policy/session.hpp"
#include "qmail/message.hpp"
#include "qmail/queue.hpp"
#include "qmail/spool.hpp"
#include "util/log.hpp"

namespace mp::qmail {

namespace {

using verdict::Action;
using verdict::Verdict;

std::string env(const char* name) {
    const char* v = std::getenv(name);
    return v ? v : "";
}

int exit_code(const Verdict& v) {
    if (v.action == Action::Tempfail || v.reply.temporary()) return kTemporary;
    return kPermanent;
}

// The envelope stages; a decided verdict refuses the message.
Verdict envelope_stages(policy::Session& s, const ClientEnv& c, const Envelope& e) {
    Verdict v = s.connect({c.addr, c.name, "", c.daemon_name, ""});
    if (!v.decided()) v = s.mail({"", e.sender, c.auth});
    for (const auto& r : e.rcpts)
        if (!v.decided()) v = s.rcpt(r);
    if (!v.decided()) v = s.data();
    return v;
}

Verdict read_failed(const std::string& why) {
    util::log_error("", "qmail message: " + why);
    Verdict v;
    v.action = Action::Tempfail;
    return v;
}

// Body chunks end at a line end (so crlf() sees whole CR LF pairs), as an
// MTA hands the body over.
Verdict content_stages(policy::Session& s, const Spool& msg, const Split& parts) {
    for (const auto& f : parts.fields) s.header(f.name, value_of(f));
    Verdict v = s.eoh();
    constexpr size_t kChunk = 65536;
    for (size_t at = parts.body; !v.decided() && at < msg.size();) {
        auto chunk = msg.at(at, kChunk);
        if (!chunk) return read_failed(chunk.error().message);
        size_t nl = chunk->rfind('\n');
        if (nl != std::string::npos && at + chunk->size() < msg.size()) chunk->resize(nl + 1);
        at += chunk->size();
        v = s.body(crlf(*chunk));
    }
    return v.decided() ? v : s.eom();
}

}  // namespace

ClientEnv ClientEnv::from_environment() {
    ClientEnv c;
    c.addr = env("TCPREMOTEIP");
    c.name = env("TCPREMOTEHOST");
    c.auth = env("SMTPAUTHUSER");
    if (c.auth.empty() && std::getenv("RELAYCLIENT")) c.auth = env("TCPREMOTEINFO");
    if (auto d = env("MILTERPACK_DAEMON_NAME"); !d.empty()) c.daemon_name = d;
    return c;
}

int run_message(std::shared_ptr<const policy::Engine> engine, const ClientEnv& client, const Spool& msg,
                std::string_view envelope_bytes, const std::string& real_queue) {
    auto e = parse_envelope(envelope_bytes);
    if (!e) {
        util::log_error("", "qmail envelope: " + e.error().message);
        return kEnvelope;
    }
    auto head = msg.at(0, Spool::kInMemory);
    if (!head) {
        util::log_error("", "qmail message: " + head.error().message);
        return kReadError;
    }
    Split parts = split(*head);
    if (!parts.blank && parts.body == head->size() && head->size() < msg.size()) {
        util::log_error("", "qmail message: header block longer than " + std::to_string(Spool::kInMemory) + " bytes");
        return kPermanent;
    }
    policy::Session s(std::move(engine));
    Verdict v = envelope_stages(s, client, *e);
    if (!v.decided()) v = content_stages(s, msg, parts);
    if (v.action == Action::Discard) return kQueued;  // accepted and dropped, as the MTA would
    if (v.decided() && v.action != Action::Accept && v.action != Action::Quarantine) return exit_code(v);
    return run_queue(real_queue, edited_head(parts, v.headers), msg, parts.body, envelope_bytes);
}

}  // namespace mp::qmail
