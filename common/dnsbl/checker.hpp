// checker.hpp: asks every configured DNS list about one client, all at once.
// The policy builds one Checker per Engine (immutable, shared by sessions)
// and calls check() at connect; the listings go into the session for the
// rules (dnsbl = LABEL / dnswl = LABEL).
//
// Guarantees:
//  - one query per distinct zone (two lists on one zone with different
//    `returns` share the answer), all zones in parallel, each waiting at
//    most its lists' timeout: check() returns within the longest timeout
//    (and the dns section's query_timeout) whatever the servers do;
//  - a TXT query only for a client listed on a list whose TXT a rule shows;
//  - a DNS failure or timeout is "not listed" and one warning line naming
//    the list, the client and why; answers are cached by common/dns.
#pragma once
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "dns/resolver.hpp"
#include "dnsbl/listing.hpp"
#include "dnsbl/options.hpp"
#include "util/net.hpp"

namespace mp::dnsbl {

class Checker {
public:
    Checker(std::shared_ptr<dns::Resolver> resolver, std::vector<Options> lists);

    // A rule shows this list's text (%t): fetch its TXT record when listed.
    void show_txt(std::string_view label);
    const Options* find(std::string_view label) const;
    const std::vector<Options>& lists() const { return lists_; }

    // `qid` prefixes the log lines (may be empty before the MTA assigns one).
    Listings check(const util::IpAddr& client, std::string_view qid) const;

private:
    struct Zone {
        std::string zone;
        std::vector<size_t> lists;  // indexes into lists_
    };
    Listings ask(const Zone& z, const util::IpAddr& client, std::string_view qid) const;

    std::shared_ptr<dns::Resolver> resolver_;
    std::vector<Options> lists_;
    std::vector<bool> txt_;  // per list: fetch the TXT record
    std::vector<Zone> zones_;
};

}  // namespace mp::dnsbl
