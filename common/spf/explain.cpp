// explain.cpp: see explain.hpp.
#include "spf/explain.hpp"

#include <sstream>

#include "util/strings.hpp"

namespace mp::spf {

namespace {

// The domain's one "v=spf1" TXT record, "" when there is not exactly one.
std::string spf_record(dns::Resolver& r, dns::Deadline d, const std::string& domain, Trace& trace) {
    dns::Answer a = r.query(domain, dns::Type::TXT, d);
    trace.seen(a);
    std::string found;
    int n = 0;
    for (const auto& rdata : a.rdata) {
        auto t = dns::txt_text(rdata);
        if (!t || !util::istarts_with(*t, "v=spf1") || (t->size() > 6 && (*t)[6] != ' ')) continue;
        found = *t;
        ++n;
    }
    return n == 1 ? found : "";
}

// The single TXT record of an exp= target, joined; "" unless exactly one.
std::string exp_text(dns::Resolver& r, dns::Deadline d, const std::string& name, Trace& trace) {
    dns::Answer a = r.query(name, dns::Type::TXT, d);
    trace.seen(a);
    if (a.status != dns::Status::Ok || a.rdata.size() != 1) return "";
    auto t = dns::txt_text(a.rdata[0]);
    if (t) trace.text(*t);
    return t ? *t : "";
}

}  // namespace

std::string modifier(std::string_view record, std::string_view name) {
    std::istringstream terms{std::string(record)};
    std::string term;
    std::string prefix = std::string(name) + "=";
    while (terms >> term)
        if (util::istarts_with(term, prefix)) return term.substr(prefix.size());
    return "";
}

std::string explanation(dns::Resolver& resolver, dns::Deadline deadline, Vars v, Trace& trace) {
    for (int hops = 0; hops < 10; ++hops) {
        std::string record = spf_record(resolver, deadline, v.domain, trace);
        std::string exp = modifier(record, "exp");
        if (!exp.empty()) {
            auto target = expand(exp, v);
            std::string text = target ? exp_text(resolver, deadline, *target, trace) : "";
            auto expanded = text.empty() ? Result<std::string>(fail("")) : expand(text, v);
            if (expanded && !expanded->empty()) return *expanded;
            break;
        }
        std::string redirect = modifier(record, "redirect");
        auto next = redirect.empty() ? Result<std::string>(fail("")) : expand(redirect, v);
        if (!next) break;
        v.domain = *next;
    }
    auto def = expand(default_explanation, v);
    return def ? *def : "SPF fail";
}

}  // namespace mp::spf
