// check.cpp: see check.hpp.
#include "dmarc/check.hpp"

#include <libpsl.h>

#include "util/strings.hpp"

namespace mp::dmarc {

namespace {

using CT = config::Type;

Result<verdict::Reply> permanent(std::string_view text) {
    auto r = verdict::parse_reply(text, {.accept = verdict::ReplyRules::Class::Permanent, .xcode_required = true,
                                         .text_required = true});
    if (!r) return fail("reply: " + r.error().message);
    return std::move(*r);
}

// The one v=DMARC1 record at _dmarc.DOMAIN: found, none, or a temporary failure.
struct Lookup {
    dns::Status status = dns::Status::NoData;
    std::string record;
    std::string error;
};

Lookup lookup(dns::Resolver& r, const std::string& domain, dns::Deadline d) {
    dns::Answer a = r.query("_dmarc." + domain, dns::Type::TXT, d);
    Lookup l;
    l.status = a.status == dns::Status::TempError ? a.status : dns::Status::NoData;
    l.error = a.error;
    int n = 0;
    for (const auto& rdata : a.rdata) {
        auto t = dns::txt_text(rdata);
        if (t && util::istarts_with(*t, "v=DMARC1")) l.record = *t, ++n;
    }
    if (n == 1) l.status = dns::Status::Ok;
    return l;
}

Outcome with(const Identifiers& ids, Status s, std::string reason) {
    Outcome o;
    o.status = s;
    o.from_domain = ids.from_domain;
    o.reason = std::move(reason);
    return o;
}

}  // namespace

const config::Table<Options>& table() {
    using O = Options;
    static const config::Table<O> t{{
        .name = "dmarc",
        .doc = "DMARC (RFC 7489) at end of data on the SPF and DKIM results (needs the spf and dkim_verify "
               "sections); p=none is never acted on",
        .rows = {
            {.name = "on_reject", .type = CT::Enum, .def = "reject",
             .to = config::one_of<&O::on_reject>({{"reject", Action::Reject}, {"quarantine", Action::Quarantine},
                                                  {"continue", Action::Continue}}),
             .doc = "action for a failing message whose domain publishes p=reject"},
            {.name = "on_quarantine", .type = CT::Enum, .def = "quarantine",
             .to = config::one_of<&O::on_quarantine>({{"quarantine", Action::Quarantine}, {"continue", Action::Continue}}),
             .doc = "action for a failing message whose domain publishes p=quarantine"},
            {.name = "on_temperror", .type = CT::Enum, .def = "continue",
             .to = config::one_of<&O::on_temperror>({{"continue", Action::Continue}, {"tempfail", Action::Tempfail}}),
             .doc = "action when the policy record cannot be fetched in time"},
            {.name = "reply", .type = CT::String, .def = "\"550 5.7.1 Rejected by the DMARC policy of %d\"",
             .to = config::parsed<&O::reply>(permanent), .doc = "reply of a rejection; %d: the From domain"},
            {.name = "timeout", .type = CT::Time, .def = "5s", .min = 1, .max = 60, .to = config::to<&O::timeout>(),
             .doc = "deadline for the policy record lookups of one message"},
        },
    }};
    return t;
}

std::string org_domain(const std::string& domain) {
    static const psl_ctx_t* psl = psl_builtin();
    const char* reg = psl ? psl_registrable_domain(psl, domain.c_str()) : nullptr;
    return reg ? std::string(reg) : domain;
}

Outcome check(dns::Resolver& resolver, const Identifiers& ids, int sample, std::chrono::seconds timeout) {
    if (ids.from_domain.empty()) return with(ids, Status::PermError, "no single From: domain");
    dns::Deadline d = dns::Clock::now() + timeout;
    std::string where = ids.from_domain;
    Lookup l = lookup(resolver, where, d);
    std::string org = org_domain(ids.from_domain);
    if (l.status == dns::Status::NoData && org != where) l = lookup(resolver, where = org, d);
    if (l.status == dns::Status::TempError) return with(ids, Status::TempError, "_dmarc." + where + ": " + l.error);
    if (l.status != dns::Status::Ok) return with(ids, Status::None, "no policy record");
    auto rec = parse_record(l.record);
    if (!rec) return with(ids, Status::PermError, "_dmarc." + where + ": " + rec.error().message);
    return evaluate(ids, *rec, where, org_domain, sample);
}

verdict::Verdict decide(const Options& o, const Outcome& out) {
    verdict::Verdict v;
    v.reason = out.authres();
    Action a = Action::Continue;
    if (out.status == Status::TempError) a = o.on_temperror;
    if (out.status == Status::Fail && out.disposition == Policy::Reject) a = o.on_reject;
    if (out.status == Status::Fail && out.disposition == Policy::Quarantine) a = o.on_quarantine;
    if (a == Action::Reject) {
        v.action = verdict::Action::Reject;
        v.reply = o.reply;
        for (size_t p; (p = v.reply.text.find("%d")) != std::string::npos;) v.reply.text.replace(p, 2, out.from_domain);
    } else if (a == Action::Quarantine) {
        v.action = verdict::Action::Quarantine;
        v.quarantine_reason = "DMARC policy of " + out.from_domain;
    } else if (a == Action::Tempfail) {
        v.action = verdict::Action::Tempfail;
        v.reply = {"451", "4.7.1", "DMARC policy of " + out.from_domain + " could not be fetched"};
    }
    return v;
}

}  // namespace mp::dmarc
