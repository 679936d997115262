// query.hpp: the pure half of a DNS list lookup (RFC 5782): the name a
// client is looked up under, and whether an A record answer means listed.
// No I/O here; checker.hpp does the asking. Unit-tested in test_dnsbl_query.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "dnsbl/options.hpp"
#include "util/net.hpp"

namespace mp::dnsbl {

// 192.0.2.1 -> "1.2.0.192.ZONE"; 2001:db8::1 -> 32 reversed nibbles,
// "1.0.0.0. ... .8.b.d.0.1.0.0.2.ZONE" (RFC 5782 2.4).
std::string query_name(const util::IpAddr& client, std::string_view zone);

// Whether the list is asked about this client: IPv4 always, IPv6 with ipv6 = yes.
bool asks(const Options& list, const util::IpAddr& client);

// Whether the A record `a` means listed for this list: in one of `returns`,
// or sharing a bit with `mask`; with neither, anywhere in 127.0.0.0/8.
bool listed_by(const Options& list, const util::IpAddr& a);

}  // namespace mp::dnsbl
