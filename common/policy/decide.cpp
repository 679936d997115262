// decide.cpp: see decide.hpp.
#include "policy/decide.hpp"

#include "metrics/events.hpp"
#include "util/log.hpp"
#include "util/strings.hpp"

namespace mp::policy {

using verdict::Action;
using verdict::Verdict;

Verdict from_access(const access::Decision& d) {
    using K = access::Decision::Kind;
    Verdict v;
    switch (d.kind) {
    case K::Reject: v.action = Action::Reject; v.reply = d.reply; break;
    case K::Tempfail: v.action = Action::Tempfail; v.reply = d.reply; break;
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

std::string decision_line(std::string_view stage, std::string_view detail, const Verdict& v) {
    if (!v.decided() && v.reason.empty()) return "";
    std::string line(stage);
    line += ": ";
    line += detail;
    line += " action=";
    line += verdict::action_name(v.action);
    const auto& r = v.reply;
    if (!r.code.empty()) line += " reply=\"" + r.code + " " + r.xcode + " " + r.text + "\"";
    if (!v.reason.empty()) line += " reason=" + v.reason;
    for (char& c : line)
        if (c == '\t') c = ' ';
    return line;
}

metrics::Reason decided_by(std::string_view stage, const Verdict& v) {
    using R = metrics::Reason;
    std::string_view r = v.reason;
    if (r.starts_with("access ")) return R::Access;
    if (r.starts_with("every recipient discarded")) return R::Discarded;
    if (r.starts_with("protected recipient")) return R::Protected;
    if (r.starts_with("greylisting store failed")) return R::StoreError;
    if (r.starts_with("greylisting")) return R::Greylisting;
    if (stage == "eom" && (v.decided() || !r.empty())) return R::Content;
    return R::None;
}

void log_decision(std::string_view qid, std::string_view stage, std::string_view detail, const Verdict& v) {
    std::string line = decision_line(stage, detail, v);
    if (line.empty()) return;
    util::log_info(qid, line);
    metrics::decision(stage, verdict::action_name(v.action), decided_by(stage, v));
}

}  // namespace mp::policy
