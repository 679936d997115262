// test_util_net.cpp: addresses as MTAs write them, masks and networks.
#include <doctest/doctest.h>

#include "util/net.hpp"

using mp::util::IpAddr;
using mp::util::Network;

TEST_CASE("IpAddr parses what MTAs hand over") {
    struct Case { const char* in; const char* out; bool v4; };
    const Case cases[] = {
        {"192.0.2.1", "192.0.2.1", true},
        {"IPv6:2001:db8::1", "2001:db8::1", false},
        {"2001:DB8::1", "2001:db8::1", false},
        {"[10.1.2.3]", "10.1.2.3", true},
        {"::ffff:10.1.2.3", "10.1.2.3", true},
        {"::1", "::1", false},
    };
    for (auto& c : cases) {
        CAPTURE(c.in);
        auto a = IpAddr::parse(c.in);
        REQUIRE(a);
        CHECK(a->str() == c.out);
        CHECK(a->is_v4() == c.v4);
    }
    for (const char* bad : {"", "1.2.3", "1.2.3.256", "host.example", "2001:db8:::1", "IPv6:"}) {
        CAPTURE(bad);
        CHECK_FALSE(IpAddr::parse(bad));
    }
}

TEST_CASE("masks keep the leading bits") {
    CHECK(IpAddr::parse("192.0.2.77")->masked(24).str() == "192.0.2.0");
    CHECK(IpAddr::parse("192.0.2.77")->masked(0).str() == "0.0.0.0");
    CHECK(IpAddr::parse("192.0.2.77")->masked(27).str() == "192.0.2.64");
    CHECK(IpAddr::parse("2001:db8:1:2:3:4:5:6")->masked(64).str() == "2001:db8:1:2::");
    CHECK(IpAddr::parse("10.0.0.1")->v4_value() == 0x0A000001u);
}

TEST_CASE("networks") {
    auto n = Network::parse("2001:db8::/32");
    REQUIRE(n);
    CHECK(n->contains(*IpAddr::parse("IPv6:2001:db8:ffff::1")));
    CHECK_FALSE(n->contains(*IpAddr::parse("2001:db9::1")));
    CHECK_FALSE(n->contains(*IpAddr::parse("10.0.0.1")));
    CHECK(Network::parse("10.1.2.3/8")->str() == "10.0.0.0/8");
    CHECK(Network::parse("10.1.2.3")->prefix == 32);
    for (const char* bad : {"10.0.0.0/33", "10.0.0.0/", "10.0.0.0/x", "::/129", "x/8"}) {
        CAPTURE(bad);
        CHECK_FALSE(Network::parse(bad));
    }
}
