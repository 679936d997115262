// record.hpp: DMARC policy records (RFC 7489 6.3) and the pure evaluation of
// a message against one (RFC 7489 3.1 alignment, 6.6 policy): everything it
// needs comes in as values, so every rule is unit-tested without DNS.
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/result.hpp"

namespace mp::dmarc {

enum class Policy { None, Quarantine, Reject };
const char* policy_name(Policy p);

struct Record {
    Policy p = Policy::None;
    std::optional<Policy> sp;  // subdomains; p when absent
    int pct = 100;
    bool strict_dkim = false;  // adkim=s
    bool strict_spf = false;   // aspf=s
};

// "v=DMARC1; p=reject; ..." (v= first, p= required); unknown tags ignored.
Result<Record> parse_record(std::string_view text);

struct Identifiers {
    std::string from_domain;                // RFC5322.From domain
    std::string spf_domain;                 // domain SPF checked (MAIL FROM or HELO)
    bool spf_pass = false;
    std::vector<std::string> dkim_passing;  // d= of signatures that passed
};

enum class Status { Pass, Fail, None, TempError, PermError };
const char* status_name(Status s);

struct Outcome {
    Status status = Status::None;
    Policy policy = Policy::None;       // the policy that applies (p or sp)
    Policy disposition = Policy::None;  // what to do, after pct
    std::string from_domain;
    std::string reason;

    // "dmarc=fail (p=reject dis=reject) header.from=example.org"
    std::string authres() const;
};

using OrgDomain = std::function<std::string(const std::string&)>;

// `record_domain`: where the record was found (the From domain or its
// organizational domain); `sample` in [0,100): the message's draw for pct.
Outcome evaluate(const Identifiers& ids, const Record& r, const std::string& record_domain, const OrgDomain& org,
                 int sample);

}  // namespace mp::dmarc
