// test_maps_lookup_order.cpp: the key sequences of sendmail X README 3.12.1, case by
// case, and the CIDR extension's ordering.
#include <doctest/doctest.h>

#include <algorithm>

#include "maps/lookup_order.hpp"

using namespace mp::maps;
using V = std::vector<std::string>;

namespace {
bool has(const V& v, const std::string& k) { return std::find(v.begin(), v.end(), k) != v.end(); }
}  // namespace

TEST_CASE("domain order: exact, then each parent with a leading dot") {
    CHECK(domain_keys("sub2.sub1.tld") == V{"sub2.sub1.tld", ".sub1.tld", ".tld"});
    CHECK(domain_keys("sub2.sub1.tld", true) == V{"sub2.sub1.tld", ".sub1.tld", ".tld", "."});
    CHECK(domain_keys("Host.Example.COM.") == V{"host.example.com", ".example.com", ".com"});
    CHECK(domain_keys("tld") == V{"tld"});
    CHECK(domain_keys("") == V{});
    CHECK(domain_keys("[10.1.2.3]") == V{"[10.1.2.3]"});
    // No implicit subdomain match: neither "sub1.tld" nor "tld" is ever probed.
    CHECK_FALSE(has(domain_keys("sub2.sub1.tld"), "sub1.tld"));
    CHECK_FALSE(has(domain_keys("sub2.sub1.tld"), "tld"));
}

TEST_CASE("IPv4 order: A.B.C.D, A.B.C, A.B, A") {
    auto a = *mp::util::IpAddr::parse("10.1.2.3");
    CHECK(ip_keys(a) == V{"10.1.2.3", "10.1.2", "10.1", "10"});
}

TEST_CASE("CIDR extension interleaves by prefix length, most specific first") {
    PrefixSet nets;
    for (const char* n : {"10.1.2.0/25", "10.0.0.0/12", "0.0.0.0/0", "10.1.2.0/24"}) nets.add(*parse_net_lhs(n));
    auto a = *mp::util::IpAddr::parse("10.1.2.3");
    CHECK(ip_keys(a, &nets) ==
          V{"10.1.2.3", "10.1.2.0/25", "10.1.2", "10.1", "10.0.0.0/12", "10", "0.0.0.0/0"});
    PrefixSet v6;
    v6.add(*parse_net_lhs("2001:db8::/32"));
    v6.add(*parse_net_lhs("2001:db8:1::/48"));
    auto b = *mp::util::IpAddr::parse("IPv6:2001:DB8:1::7");
    CHECK(ip_keys(b, &v6) == V{"2001:db8:1::7", "2001:db8:1::/48", "2001:db8::/32"});
    CHECK(ip_keys(b) == V{"2001:db8:1::7"});
}

TEST_CASE("network LHS forms and their stored keys") {
    struct Case { const char* in; const char* key; };
    const Case good[] = {
        {"10", "10"}, {"10.1", "10.1"}, {"10.1.2", "10.1.2"}, {"10.1.2.3", "10.1.2.3"},
        {"10.0.0.0/8", "10"}, {"10.1.0.0/16", "10.1"}, {"10.1.2.0/24", "10.1.2"}, {"10.1.2.3/32", "10.1.2.3"},
        {"10.1.2.128/25", "10.1.2.128/25"}, {"0.0.0.0/0", "0.0.0.0/0"},
        {"2001:DB8::/32", "2001:db8::/32"}, {"2001:db8:0::1", "2001:db8::1"}, {"IPv6:::1", "::1"},
    };
    for (auto& c : good) {
        CAPTURE(c.in);
        auto n = parse_net_lhs(c.in);
        REQUIRE(n);
        CHECK(network_key(*n) == c.key);
    }
    for (const char* bad : {"", "10.", "10..1", "256", "10.1.2.3.4", "10.1.2.3/8", "10.0.0.0/33", "a.b", "1.2.3.4/",
                            "2001:db8::1/32", "010.1"}) {
        CAPTURE(bad);
        CHECK_FALSE(parse_net_lhs(bad));
    }
}

TEST_CASE("address order with +detail: 1a-1f per domain level, then 2a-2e") {
    AddressOrder o{.delimiter = '+', .local_part = true};
    CHECK(address_keys("<User+Detail@Sub.Tld>", o) ==
          V{"user+detail@sub.tld", "user++@sub.tld", "user+*@sub.tld", "user*@sub.tld", "@sub.tld",
            "user+detail@.tld", "user++@.tld", "user+*@.tld", "user*@.tld", "@.tld",
            "user+detail", "user++", "user+*", "user*"});
}

TEST_CASE("address order without detail: user*@d before user@d") {
    AddressOrder o{};
    CHECK(address_keys("user@a.b", o) == V{"user*@a.b", "user@a.b", "@a.b", "user*@.b", "user@.b", "@.b"});
}

TEST_CASE("empty detail: no user++ (1b needs a non-empty detail)") {
    AddressOrder o{};
    CHECK(address_keys("user+@d", o) == V{"user+@d", "user+*@d", "user*@d", "@d"});
}

TEST_CASE("implicitly_match_detail adds user@d after user*@d (case 1e)") {
    AddressOrder o{.local_part = true, .implicit_detail = true};
    auto k = address_keys("user+x@d", o);
    CHECK(k == V{"user+x@d", "user++@d", "user+*@d", "user*@d", "user@d", "@d", "user+x", "user++", "user+*",
                 "user*", "user"});
    AddressOrder plain{.local_part = true};
    CHECK_FALSE(has(address_keys("user+x@d", plain), "user@d"));
    CHECK_FALSE(has(address_keys("user+x@d", plain), "user"));
}

TEST_CASE("configurable delimiter; ++ and * stay fixed metacharacters") {
    AddressOrder o{.delimiter = '-'};
    CHECK(address_keys("owner-list@d", o) == V{"owner-list@d", "owner-+@d", "owner-*@d", "owner*@d", "@d"});
    // with '-' as delimiter, '+' is an ordinary character
    CHECK(address_keys("a+b@d", o) == V{"a+b*@d", "a+b@d", "@d"});
}

TEST_CASE("user*@ matches only a delimiter token, not other characters") {
    // The LHS "user*@subdomain" is the key "user*@subdomain"; the input user1@subdomain
    // never generates it.
    auto k = address_keys("user1@subdomain", {});
    CHECK_FALSE(has(k, "user*@subdomain"));
    CHECK(has(k, "user1*@subdomain"));
    CHECK(has(address_keys("user+x@subdomain", {}), "user*@subdomain"));
    CHECK(has(address_keys("user@subdomain", {}), "user*@subdomain"));
}

TEST_CASE("addresses without domain, with several '@', and the empty sender") {
    AddressOrder lp{.local_part = true};
    CHECK(address_keys("postmaster", lp) == V{"postmaster*", "postmaster"});
    CHECK(address_keys("postmaster", {}) == V{});
    CHECK(address_keys("\"a@b\"@d", {}) == V{"\"a@b\"*@d", "\"a@b\"@d", "@d"});
    CHECK(address_keys("<>", lp) == V{});
    CHECK(address_keys("", lp) == V{});
    CHECK(address_keys("@d.e", lp) == V{"@d.e", "@.e"});
}
