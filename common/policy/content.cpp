// content.cpp: the end-of-data stage. At the first header (or, for a message
// without header fields, at end of headers, at the first body chunk or at end
// of data: whatever comes first) the scanner chain and (when the session
// qualifies) a DKIM job start, and both are fed every
// header and body chunk as the MTA hands them over, so nothing is buffered
// here: clamd gets the bytes as they come, amavisd's copy streams to disk.
// Scanners decide first; only mail that goes on is signed, last, so the
// signature covers the headers the scanners added.
#include <string>

#include "dkim/sigheader.hpp"
#include "metrics/events.hpp"
#include "policy/engine.hpp"
#include "policy/parts.hpp"
#include "policy/state.hpp"
#include "util/log.hpp"
#include "util/strings.hpp"

namespace mp::policy {

using verdict::Action;
using verdict::HeaderEdit;
using verdict::Verdict;

namespace {

scan::Envelope envelope(const SessionState& st) {
    scan::Envelope e;
    e.queue_id = st.qid;
    e.sender = "<" + st.mail.sender + ">";
    for (const auto& r : st.rcpts) e.recipients.push_back("<" + r + ">");
    e.client_addr = st.client.addr;
    e.client_name = st.client.name;
    e.helo = st.client.helo;
    e.authenticated = !st.mail.auth_authen.empty();
    return e;
}

void start_dkim(const dkim::Signer& signer, SessionState& st) {
    dkim::SessionFacts f{st.client.daemon_name, util::IpAddr::parse(st.client.addr), st.mail.auth_authen};
    dkim::Decision d = signer.should_sign(f);
    util::log_debug(st.qid, std::string("dkim: ") + (d.sign ? "session signs: " : "not signing: ") + d.reason);
    if (d.sign) st.dkim = signer.begin(st.mail.sender);
}

void start(const Engine& e, SessionState& st) {
    st.content_started = true;
    if (e.parts().scanners) st.scan = e.parts().scanners->begin(envelope(st));
    if (e.parts().signer) start_dkim(*e.parts().signer, st);
}

// The value of tag `name` (d, s) in a DKIM-Signature value, blanks removed.
std::string sig_tag(std::string_view sig, std::string_view name) {
    for (std::string_view rest = sig; !rest.empty();) {
        auto semi = rest.find(';');
        std::string tag;
        for (char c : rest.substr(0, semi))
            if (c != ' ' && c != '\t' && c != '\r' && c != '\n') tag += c;
        if (tag.size() > name.size() && tag.compare(0, name.size(), name) == 0 && tag[name.size()] == '=')
            return tag.substr(name.size() + 1);
        rest = semi == std::string_view::npos ? std::string_view() : rest.substr(semi + 1);
    }
    return "";
}

void sign(SessionState& st, Verdict& v) {
    metrics::Timer timer(metrics::dkim_latency());
    auto sigs = st.dkim->finish();
    timer.stop();
    if (!sigs) {
        metrics::dkim_failed();
        util::log_error(st.qid, "dkim: not signed: " + sigs.error().message);
        return;
    }
    metrics::dkim_signed(int(sigs->size()));
    for (const auto& s : *sigs) {
        util::log_info(st.qid, "dkim: signed d=" + sig_tag(s, "d") + " s=" + sig_tag(s, "s"));
        v.headers.push_back({HeaderEdit::Op::Insert, "DKIM-Signature", dkim::lf_folded(s), 0});
    }
    if (!sigs->empty()) v.reason += (v.reason.empty() ? "" : "; ") + std::string("dkim signed (") +
                                    std::to_string(sigs->size()) + " signature(s))";
}

bool status_header(std::string_view name) { return util::istarts_with(name, "X-Virus-"); }

void count_status_header(SessionState& st, std::string_view name) {
    std::string lc = util::lower(name);
    for (auto& [n, count] : st.status_headers)
        if (n == lc) return void(++count);
    st.status_headers.emplace_back(std::move(lc), 1);
}

// A sender must not be able to forge the scanners' verdict: every incoming
// copy of an X-Virus-* header the scanners add is deleted first (from the
// last occurrence up, so the 1-based indexes stay valid).
void replace_status_headers(const SessionState& st, Verdict& v) {
    std::vector<HeaderEdit> out;
    for (const auto& e : v.headers) {
        if (e.op != HeaderEdit::Op::Add && e.op != HeaderEdit::Op::Insert) continue;
        if (!status_header(e.name)) continue;
        for (const auto& [n, count] : st.status_headers)
            if (n == util::lower(e.name))
                for (int i = count; i >= 1; --i) out.push_back({HeaderEdit::Op::Delete, e.name, "", i});
    }
    if (out.empty()) return;
    out.insert(out.end(), v.headers.begin(), v.headers.end());
    v.headers = std::move(out);
}

}  // namespace

void content_header(const Engine& e, SessionState& st, std::string_view name, std::string_view value) {
    if (!st.content_started) start(e, st);
    if (status_header(name)) count_status_header(st, name);
    auth_header(e.parts().auth, st.auth, name, value);
    if (st.scan) st.scan->header(name, value);
    if (st.dkim) st.dkim->header(name, value);
}

void content_eoh(const Engine& e, SessionState& st) {
    if (!st.content_started) start(e, st);
    st.headers_ended = true;
    if (st.scan) st.scan->eoh();
    if (st.dkim && !st.dkim->end_of_headers().sign) {
        util::log_info(st.qid, "dkim: not signing: " + st.dkim->end_of_headers().reason);
        st.dkim.reset();
    }
}

void content_body(const Engine& e, SessionState& st, std::string_view chunk) {
    if (!st.headers_ended) content_eoh(e, st);
    if (st.scan) st.scan->body(chunk);
    if (st.dkim) st.dkim->body(chunk);
    auth_body(st.auth, chunk);
}

Verdict content_eom(const Engine& e, SessionState& st) {
    if (!st.headers_ended) content_eoh(e, st);
    Verdict v;
    if (st.scan) {
        v = st.scan->finish();
        replace_status_headers(st, v);
    }
    bool goes_on = v.action == Action::Continue || v.action == Action::Quarantine;
    if (goes_on) auth_eom(e.parts().auth, st.auth, v);
    goes_on = v.action == Action::Continue || v.action == Action::Quarantine;  // DMARC may have rejected
    if (st.dkim && goes_on) sign(st, v);
    content_reset(st);
    return v;
}

void content_reset(SessionState& st) {
    if (st.scan) st.scan->abort();
    st.scan.reset();
    st.dkim.reset();
    st.status_headers.clear();
    st.auth.reset();
    st.content_started = false;
    st.headers_ended = false;
}

}  // namespace mp::policy
