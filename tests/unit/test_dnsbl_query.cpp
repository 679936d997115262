// test_dnsbl_query.cpp: the pure half of a DNS list lookup: the query name
// (reversed octets, reversed nibbles for IPv6), which clients a list is
// asked about, and whether an A record means listed (returns, mask, default).
#include <doctest/doctest.h>

#include <string>

#include "dnsbl/query.hpp"

using namespace mp;
using namespace mp::dnsbl;

namespace {

util::IpAddr ip(const char* s) {
    auto a = util::IpAddr::parse(s);
    REQUIRE(a);
    return *a;
}

Options list(std::vector<const char*> returns, uint32_t mask = 0) {
    Options o;
    o.zone = "bl.test";
    for (const char* r : returns) o.returns.push_back(*util::Network::parse(r));
    o.mask = mask;
    return o;
}

}  // namespace

TEST_CASE("query names") {
    struct Case {
        const char* client;
        const char* name;
    };
    const Case cases[] = {
        {"192.0.2.1", "1.2.0.192.bl.test"},
        {"127.0.0.2", "2.0.0.127.bl.test"},
        {"10.20.30.255", "255.30.20.10.bl.test"},
        {"IPv6:2001:db8::1", "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.bl.test"},
        {"2001:db8:1234:5678:9abc:def0:aaaa:bbbb",
         "b.b.b.b.a.a.a.a.0.f.e.d.c.b.a.9.8.7.6.5.4.3.2.1.8.b.d.0.1.0.0.2.bl.test"},
        {"::ffff:192.0.2.7", "7.2.0.192.bl.test"},  // IPv4-mapped: the IPv4 form
    };
    for (const auto& c : cases) {
        CAPTURE(c.client);
        CHECK(query_name(ip(c.client), "bl.test") == c.name);
    }
}

TEST_CASE("IPv6 clients are asked only with ipv6 = yes") {
    Options o = list({});
    CHECK(asks(o, ip("192.0.2.1")));
    CHECK_FALSE(asks(o, ip("2001:db8::1")));
    o.ipv6 = true;
    CHECK(asks(o, ip("2001:db8::1")));
}

TEST_CASE("an A record against returns, mask and the default") {
    struct Case {
        Options list;
        const char* a;
        bool listed;
    };
    const Case cases[] = {
        {list({}), "127.0.0.2", true},  // default: 127.0.0.0/8
        {list({}), "127.255.255.254", true},
        {list({}), "192.0.2.1", false},
        {list({"127.0.0.2"}), "127.0.0.2", true},
        {list({"127.0.0.2"}), "127.0.0.3", false},
        {list({"127.0.0.2", "127.0.0.10/31"}), "127.0.0.10", true},
        {list({"127.0.0.2", "127.0.0.10/31"}), "127.0.0.11", true},
        {list({"127.0.0.2", "127.0.0.10/31"}), "127.0.0.12", false},
        {list({}, 0x04), "127.0.0.4", true},   // mask: a shared bit
        {list({}, 0x04), "127.0.0.6", true},
        {list({}, 0x04), "127.0.0.2", false},
        {list({}, 0x04), "127.0.0.8", false},
        {list({"127.0.0.2"}, 0x08), "127.0.0.8", true},  // either counts
        {list({"127.0.0.2"}, 0x08), "127.0.0.2", true},
        {list({"127.0.0.2"}, 0x08), "127.0.0.4", false},
        {list({}), "2001:db8::2", false},  // an AAAA-shaped answer never lists
    };
    for (const auto& c : cases) {
        CAPTURE(c.a);
        CHECK(listed_by(c.list, ip(c.a)) == c.listed);
    }
}
