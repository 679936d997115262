// lookup_order.hpp: the keys to probe, in order, when an item is looked up in a
// map (sendmail X README 3.12.1). Pure functions; the caller probes each key (with its
// tag prepended) until one is found. All keys are lowercased: map keys are
// case-insensitive, for addresses the local part included (as sendmail does).
//
//   domain  "sub2.sub1.tld" -> sub2.sub1.tld, .sub1.tld, .tld [, .]
//           No implicit subdomain match: "sub2.sub1.tld" never matches "sub1.tld".
//   IPv4    "A.B.C.D" -> A.B.C.D, A.B.C, A.B, A
//   address "user+detail@domain" -> for each domain key d (above, without "."):
//           user+detail@d, user++@d, user+*@d, user*@d, user@d, @d
//           then, when asked, the local part alone: user+detail, user++, user+*, user*, user
//           ("+" is the configurable delimiter; the second "+" of "++" and "*" are fixed).
//           user@d is skipped when a +detail exists unless implicit_detail is set.
//           The empty address (<>) yields no keys: README 3.12.2 skips MAIL checks for <>.
//
// Extension (milterpack, not in the sendmail X README): CIDR networks for IPv4 and IPv6.
// Keys for an IP address go from the most specific to the least: for IPv4,
// prefix length 32 (the exact address), then every CIDR length 31..0 present
// in the map, where lengths 24, 16 and 8 are the README's dotted forms A.B.C, A.B
// and A (a map entry "10.1.2.0/24" is stored as "10.1.2", so both spellings are
// the same key). IPv6 has the exact address (canonical RFC 5952 text) and CIDR
// lengths 127..0 present in the map. Only lengths that occur in the map are
// probed (PrefixSet), so a map without CIDR entries costs the README's 4 probes.
#pragma once
#include <bitset>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/net.hpp"

namespace mp::maps {

// The CIDR prefix lengths present in a map (for one tag).
struct PrefixSet {
    std::bitset<33> v4;
    std::bitset<129> v6;
    void add(const util::Network& n) {
        if (n.addr.is_v4())
            v4.set(size_t(n.prefix));
        else
            v6.set(size_t(n.prefix));
    }
};

// The map key for a network: "1.2.3.4" (/32), "1.2.3" (/24), "1.2" (/16),
// "1" (/8), otherwise "addr/len"; IPv6 "addr" (/128) or "addr/len".
std::string network_key(const util::Network& net);

// Parse a map LHS written as an IP address, a dotted IPv4 prefix ("10", "10.1",
// "10.1.2") or a CIDR network; nullopt when it is none of these. Host bits set
// below the prefix ("10.1.2.3/8") are rejected.
std::optional<util::Network> parse_net_lhs(std::string_view text);

std::vector<std::string> domain_keys(std::string_view domain, bool with_root = false);
std::vector<std::string> ip_keys(const util::IpAddr& addr, const PrefixSet* nets = nullptr);

struct AddressOrder {
    char delimiter = '+';        // the address_delimiter
    bool local_part = false;     // also try the local part alone (step 2)
    bool implicit_detail = false;  // user@d also matches user+detail@d (case 1e)
};
// `address` may carry angle brackets; it is split at its last '@' and the
// local part at its first delimiter. An address without '@' gets only the
// local-part keys (when asked).
std::vector<std::string> address_keys(std::string_view address, const AddressOrder& order);

}  // namespace mp::maps
