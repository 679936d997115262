// steps.cpp: see steps.hpp. Each rule names the stage code that reads the
// step (session.cpp, rcpt_stage.cpp, content.cpp).
#include "policy/steps.hpp"

#include "policy/engine.hpp"
#include "policy/parts.hpp"
#include "rules/ruleset.hpp"

namespace mp::policy {

namespace {

constexpr const char* kNames[kSteps] = {"connect", "helo", "mail", "rcpt", "data",
                                        "unknown", "header", "eoh", "body", "eom"};

void add(StepPlan& p, Step s, bool sent, bool replies) {
    if (sent || replies) p.sent |= bit(s);
    if (replies) p.replies |= bit(s);
}

}  // namespace

Modules modules_of(const Engine& e) {
    const EngineParts& p = e.parts();
    Modules m;
    m.access = p.access != nullptr;
    m.protect = p.protect.has_value();
    m.greylist = p.greylisting;
    m.greylist_at_data = p.greylist_at_data;
    m.scanners = p.scanners != nullptr;
    m.signer = p.signer != nullptr;
    m.spf = p.auth.spf.has_value();
    m.verify = p.auth.wants_content() || p.auth.dmarc.has_value();
    m.callahead = p.callahead != nullptr;
    using RS = rules::Stage;
    const std::pair<RS, Step> stages[] = {{RS::Connect, Step::connect}, {RS::Helo, Step::helo}, {RS::Mail, Step::mail},
                                          {RS::Rcpt, Step::rcpt},       {RS::Header, Step::header}, {RS::Eoh, Step::eoh},
                                          {RS::Data, Step::data},       {RS::Eom, Step::eom}};
    for (auto [rs, step] : stages)
        if (p.rules.has_stage(rs)) m.rules |= bit(step);
    if (p.rules.reads_body()) m.rules |= bit(Step::body);
    return m;
}

StepPlan plan_steps(const Modules& m) {
    auto rule = [&](Step s) { return (m.rules & bit(s)) != 0; };
    const bool rule_content = rule(Step::header) || rule(Step::eoh);
    // Rules at data and later count the recipients; body rules (and size at
    // eom) read the header fields (MIME type, the count) and the body.
    const bool rule_late = rule(Step::data) || rule_content || rule(Step::eom);
    const bool rule_body = rule(Step::body);
    const bool content = m.scanners || m.signer || m.verify;
    const bool any = m.access || m.protect || m.greylist || m.callahead || m.spf || m.rules || content;
    StepPlan p;
    // connect creates the session and carries the client facts every module uses.
    add(p, Step::connect, true, m.access || rule(Step::connect));
    // helo: the access map's TLS check and its answer to a refused client; the
    // scanners' envelope and SPF's HELO identity (auth.cpp) name the HELO.
    // Any rule: the HELO name and the TLS facts reach the later stages' rules.
    add(p, Step::helo, m.scanners || m.spf || m.rules, m.access || rule(Step::helo));
    // mail: sender, queue id and auth macros (greylisting, DKIM, scanners);
    // the SPF check (auth.cpp); mail rules, and a connect or HELO rule's
    // rejection answered again there (session.cpp).
    add(p, Step::mail, any, m.access || m.spf || rule(Step::connect) || rule(Step::helo) || rule(Step::mail));
    // rcpt: recipient checks and the call-ahead; scanners and the access map's
    // discards keep the list.
    add(p, Step::rcpt, m.scanners || rule_late, m.access || m.protect || m.greylist || m.callahead || rule(Step::rcpt));
    // data: the DATA-delayed greylisting reply, and data rules (rcpt_count).
    add(p, Step::data, false, m.greylist_at_data || rule(Step::data));
    add(p, Step::unknown, false, false);
    // Content never decides before end-of-data, but for header and eoh rules,
    // answered at end of headers (session.cpp); otherwise the end of the
    // headers is implied by the first body chunk or end-of-data (content.cpp).
    add(p, Step::header, content || rule_content || rule_body, false);
    add(p, Step::eoh, false, rule_content);
    add(p, Step::body, content || rule_body, false);
    add(p, Step::eom, true, true);
    return p;
}

std::string describe(const StepPlan& p) {
    std::string out;
    for (unsigned i = 0; i < kSteps; ++i) {
        Step s = static_cast<Step>(i);
        if (!out.empty()) out += ' ';
        out += kNames[i];
        out += p.replies_at(s) ? "=reply" : p.sends(s) ? "=sent" : "=no";
    }
    return out;
}

}  // namespace mp::policy
