// decide.cpp: see decide.hpp.
#include "policy/decide.hpp"

#include "util/log.hpp"

namespace mp::policy {

namespace {

Verdict reply_verdict(Action a, const access::Reply& r) {
    Verdict v;
    v.action = a;
    v.rcode = r.code;
    v.xcode = r.xcode;
    v.text = r.text;
    return v;
}

}  // namespace

Verdict from_access(const access::Decision& d) {
    using K = access::Decision::Kind;
    Verdict v;
    switch (d.kind) {
    case K::Reject: v = reply_verdict(Action::Reject, d.reply); break;
    case K::Tempfail: v = reply_verdict(Action::Tempfail, d.reply); break;
    case K::DiscardSession:
    case K::DiscardTransaction: v.action = Action::Discard; break;
    case K::None:
    case K::Ok:
    case K::Relay:
    case K::DiscardRcpt: break;
    }
    if (!d.matched.empty()) v.reason = "access " + d.matched;
    if (d.kind == K::Ok || d.kind == K::Relay || d.kind == K::DiscardRcpt)
        v.reason += std::string(" (") + access::kind_name(d.kind) + ")";
    if (d.delayed) v.reason += " (delayed to RCPT by delay_checks)";
    return v;
}

Verdict from_scan(const scan::Decision& d) {
    Verdict v;
    v.action = Action(int(d.action));  // same enumerators, same order (static_asserts below)
    v.rcode = d.rcode;
    v.xcode = d.xcode;
    v.text = d.text;
    v.reason = d.reason;
    for (const auto& h : d.headers) v.headers.push_back({HeaderEdit::Op(int(h.op)), h.name, h.value, h.index});
    v.add_rcpts = d.add_rcpts;
    v.del_rcpts = d.del_rcpts;
    v.quarantine_reason = d.quarantine_reason;
    return v;
}
static_assert(int(scan::Action::Quarantine) == int(Action::Quarantine));
static_assert(int(scan::Action::Discard) == int(Action::Discard));
static_assert(int(scan::HeaderEdit::Op::Delete) == int(HeaderEdit::Op::Delete));

void log_decision(std::string_view qid, std::string_view stage, std::string_view detail, const Verdict& v) {
    if (!v.decided() && v.reason.empty()) return;
    std::string line(stage);
    line += ": ";
    line += detail;
    line += " action=";
    line += action_name(v.action);
    if (!v.rcode.empty()) line += " reply=\"" + v.rcode + " " + v.xcode + " " + v.text + "\"";
    if (!v.reason.empty()) line += " reason=" + v.reason;
    for (char& c : line)
        if (c == '\t') c = ' ';
    util::log_info(qid, line);
}

}  // namespace mp::policy
