// record.cpp: see record.hpp.
#include "dmarc/record.hpp"

#include <algorithm>

#include "util/strings.hpp"

namespace mp::dmarc {

namespace {

std::string trimmed(std::string_view s) {
    size_t b = s.find_first_not_of(" \t"), e = s.find_last_not_of(" \t");
    return b == std::string_view::npos ? "" : std::string(s.substr(b, e - b + 1));
}

std::optional<Policy> policy_of(const std::string& v) {
    std::string l = util::lower(v);
    if (l == "none") return Policy::None;
    if (l == "quarantine") return Policy::Quarantine;
    if (l == "reject") return Policy::Reject;
    return std::nullopt;
}

// One tag=value of a record into `r`; an error for a bad known value.
Result<void> apply(Record& r, const std::string& tag, const std::string& value) {
    if (tag == "p" || tag == "sp") {
        auto p = policy_of(value);
        if (!p) return fail(tag + "=" + value + " is not none, quarantine or reject");
        (tag == "p" ? r.p : r.sp.emplace()) = *p;
    } else if (tag == "pct") {
        if (value.empty() || value.size() > 3 || value.find_first_not_of("0123456789") != std::string::npos ||
            std::stoi(value) > 100)
            return fail("pct=" + value + " is not 0..100");
        r.pct = std::stoi(value);
    } else if (tag == "adkim" || tag == "aspf") {
        if (value != "r" && value != "s") return fail(tag + "=" + value + " is not r or s");
        (tag == "adkim" ? r.strict_dkim : r.strict_spf) = value == "s";
    }
    return {};
}

bool aligned(const std::string& a, const std::string& b, bool strict, const OrgDomain& org) {
    if (a.empty() || b.empty()) return false;
    std::string la = util::lower(a), lb = util::lower(b);
    return strict ? la == lb : org(la) == org(lb);
}

}  // namespace

const char* policy_name(Policy p) { return p == Policy::None ? "none" : p == Policy::Quarantine ? "quarantine" : "reject"; }

const char* status_name(Status s) {
    switch (s) {
    case Status::Pass: return "pass";
    case Status::Fail: return "fail";
    case Status::None: return "none";
    case Status::TempError: return "temperror";
    case Status::PermError: return "permerror";
    }
    return "?";
}

Result<Record> parse_record(std::string_view text) {
    Record r;
    bool first = true, has_p = false;
    size_t pos = 0;
    while (pos <= text.size()) {
        size_t semi = std::min(text.find(';', pos), text.size());
        std::string item = trimmed(text.substr(pos, semi - pos));
        pos = semi + 1;
        if (item.empty()) continue;
        auto eq = item.find('=');
        std::string tag = eq == std::string::npos ? item : trimmed(item.substr(0, eq));
        std::string value = eq == std::string::npos ? "" : trimmed(item.substr(eq + 1));
        if (first && (tag != "v" || value != "DMARC1")) return fail("record does not start with v=DMARC1");
        first = false;
        has_p = has_p || tag == "p";
        if (auto a = apply(r, util::lower(tag), value); !a) return fail(a.error().message);
    }
    if (first) return fail("empty record");
    if (!has_p) return fail("record has no p= tag");
    return r;
}

std::string Outcome::authres() const {
    std::string s = std::string("dmarc=") + status_name(status);
    if (status == Status::Pass || status == Status::Fail)
        s += std::string(" (p=") + policy_name(policy) + " dis=" + policy_name(disposition) + ")";
    else if (!reason.empty())
        s += " (" + reason + ")";
    return s + " header.from=" + from_domain;
}

Outcome evaluate(const Identifiers& ids, const Record& r, const std::string& record_domain, const OrgDomain& org,
                 int sample) {
    Outcome o;
    o.from_domain = ids.from_domain;
    bool subdomain = util::lower(record_domain) != util::lower(ids.from_domain);
    o.policy = subdomain && r.sp ? *r.sp : r.p;
    bool spf = ids.spf_pass && aligned(ids.spf_domain, ids.from_domain, r.strict_spf, org);
    bool dkim = std::any_of(ids.dkim_passing.begin(), ids.dkim_passing.end(),
                            [&](const std::string& d) { return aligned(d, ids.from_domain, r.strict_dkim, org); });
    o.status = spf || dkim ? Status::Pass : Status::Fail;
    o.reason = spf ? "spf aligned" : dkim ? "dkim aligned" : "neither spf nor dkim aligned";
    if (o.status == Status::Pass) return o;
    o.disposition = o.policy;
    // RFC 7489 6.6.4: outside the pct sample the policy steps down one level.
    if (sample >= r.pct) o.disposition = o.policy == Policy::Reject ? Policy::Quarantine : Policy::None;
    return o;
}

}  // namespace mp::dmarc
