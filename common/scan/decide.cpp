// decide.cpp: outcome -> verdict. See decide.hpp for the table.
#include "scan/decide.hpp"

#include <type_traits>

namespace mp::scan {

namespace {

using verdict::Action;
using verdict::HeaderEdit;
using verdict::Reply;
using verdict::Verdict;

std::string who(const Options& o) {
    return std::string("scanner ") + (o.label.empty() ? kind_name(o.type) : o.label);
}

// Header values carry no leading space: the MTA writes "Name: value".
void status_headers(const Options& o, Verdict& d, std::string status) {
    if (!o.add_headers) return;
    d.headers.push_back({HeaderEdit::Op::Add, "X-Virus-Scanned",
                         std::string("milterpack (") + kind_name(o.type) +
                             (o.label.empty() ? "" : " " + o.label) + ")",
                         0});
    d.headers.push_back({HeaderEdit::Op::Add, "X-Virus-Status", std::move(status), 0});
}

void set_reply(Verdict& d, Action a, Reply r) {
    d.action = a;
    d.reply = std::move(r);
}

Verdict on_clean(const Options& o) {
    Verdict d;
    d.reason = who(o) + ": clean";
    status_headers(o, d, "Clean");
    return d;
}

Verdict on_infected(const Options& o, const Infected& v) {
    Verdict d;
    d.reason = who(o) + ": infected " + v.name;
    Reply r = o.infected_reply;
    r.text = expand_reply(r.text, v.name);
    switch (o.on_infected) {
        case OnInfected::Reject: set_reply(d, Action::Reject, std::move(r)); break;
        case OnInfected::Tempfail: set_reply(d, Action::Tempfail, std::move(r)); break;
        case OnInfected::Discard: d.action = Action::Discard; break;
        case OnInfected::Quarantine:
            d.action = Action::Quarantine;
            d.quarantine_reason = "virus " + expand_reply("%v", v.name);
            status_headers(o, d, "Infected (" + expand_reply("%v", v.name) + ")");
            break;
        case OnInfected::Accept: status_headers(o, d, "Infected (" + expand_reply("%v", v.name) + ")"); break;
    }
    return d;
}

Verdict on_failed(const Options& o, const Failed& f, bool authenticated) {
    Verdict d;
    d.reason = who(o) + ": failed: " + f.reason;
    OnFail a = authenticated && o.on_fail_authenticated ? *o.on_fail_authenticated : o.on_fail;
    switch (a) {
        case OnFail::Tempfail:
            set_reply(d, Action::Tempfail, {"451", "4.3.0", "Content scanner unavailable, try again later"});
            break;
        case OnFail::Reject: set_reply(d, Action::Reject, {"554", "5.3.0", "Message could not be scanned"}); break;
        case OnFail::Accept: status_headers(o, d, "Unscanned (scanner failure)"); break;
    }
    return d;
}

Verdict on_oversize(const Options& o, const Oversize& s) {
    Verdict d;
    d.reason = who(o) + ": not scanned, size over " + std::to_string(o.max_size) + " bytes (" +
               std::to_string(s.size) + " seen)";
    switch (o.on_oversize) {
        case OnOversize::Accept: status_headers(o, d, "Unscanned (message too large)"); break;
        case OnOversize::Tempfail:
            set_reply(d, Action::Tempfail, {"452", "4.3.4", "Message too large for content scanning"});
            break;
        case OnOversize::Reject:
            set_reply(d, Action::Reject, {"552", "5.3.4", "Message too large for content scanning"});
            break;
    }
    return d;
}

// amavisd's reply is used when its class fits the action; else a default.
void amavis_reply(Verdict& d, const AmavisAnswer& a, Action act, char cls, Reply fallback) {
    if (!a.reply.code.empty() && a.reply.code[0] == cls) return set_reply(d, act, a.reply);
    if (!a.reply.text.empty()) fallback.text = a.reply.text;
    set_reply(d, act, std::move(fallback));
}

Verdict on_amavis(const Options& o, const AmavisAnswer& a) {
    Verdict d;
    d.reason = who(o) + ": amavisd " + verdict::action_name(a.return_value) +
               (a.reply.code.empty() ? "" : " " + a.reply.code + " " + a.reply.xcode + " " + a.reply.text);
    switch (a.return_value) {
        case Action::Reject: amavis_reply(d, a, Action::Reject, '5', {"550", "5.7.1", "Rejected by content filter"}); break;
        case Action::Tempfail:
            amavis_reply(d, a, Action::Tempfail, '4', {"451", "4.5.0", "Content filter failure, try again later"});
            break;
        case Action::Discard: d.action = Action::Discard; break;
        case Action::Continue:
        case Action::Accept:
        case Action::Quarantine:  // not an AM.PDP return_value; quarantine= says it
            d.action = a.return_value;
            d.headers = a.headers;
            d.add_rcpts = a.add_rcpts;
            d.del_rcpts = a.del_rcpts;
            if (!a.quarantine.empty()) {
                d.action = Action::Quarantine;
                d.quarantine_reason = a.quarantine;
            }
            status_headers(o, d, "Scanned by amavisd");
            break;
    }
    return d;
}

}  // namespace

Verdict decide(const Options& o, const Outcome& outcome, bool authenticated) {
    return std::visit(
        [&](const auto& x) -> Verdict {
            using T = std::decay_t<decltype(x)>;
            if constexpr (std::is_same_v<T, Clean>) return on_clean(o);
            else if constexpr (std::is_same_v<T, Infected>) return on_infected(o, x);
            else if constexpr (std::is_same_v<T, Failed>) return on_failed(o, x, authenticated);
            else if constexpr (std::is_same_v<T, Oversize>) return on_oversize(o, x);
            else return on_amavis(o, x);
        },
        outcome);
}

std::string expand_reply(std::string_view text, std::string_view virus) {
    std::string out;
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '%' || i + 1 == text.size()) {
            out += text[i];
        } else if (text[i + 1] == 'v') {
            for (char c : virus) out += (c > 0x20 && c < 0x7f && c != '%') ? c : '?';
            ++i;
        } else if (text[i + 1] == '%') {
            out += '%';
            ++i;
        } else {
            out += '%';
        }
    }
    return out;
}

}  // namespace mp::scan
