// test_greylist_key.cpp: key normalization as a table: senders (case, +detail,
// BATV, SRS0/SRS1, null sender), recipients, and client masking for IPv4
// netmasks and IPv6 prefixes.
#include <doctest/doctest.h>

#include "greylist/key.hpp"

using namespace mp::greylist;
using mp::util::IpAddr;

TEST_CASE("sender normalization") {
    struct Case { const char* in; const char* out; };
    const Case cases[] = {
        {"<User@Example.COM>", "user@example.com"},
        {"user@example.com", "user@example.com"},
        {"<>", ""},
        {"", ""},
        {" <a@b.example> ", "a@b.example"},
        {"<user+list@example.com>", "user@example.com"},
        {"<user+a+b@example.com>", "user@example.com"},
        {"<+leading@example.com>", "+leading@example.com"},  // no user part before '+': kept
        // BATV
        {"<prvs=1234abcdef=user@example.com>", "user@example.com"},
        {"<PRVS=0ABCDEF123=User@Example.com>", "user@example.com"},
        {"<prvs=user/0123abcdef@example.com>", "user@example.com"},
        {"<msprvs1=17abcDEf12345=bounces-123@mail.example>", "bounces-123@mail.example"},
        {"<btv1==0f2b5b0f8a9==user@example.com>", "user@example.com"},
        {"<prvs=1234abcdef=user+tag@example.com>", "user@example.com"},
        {"<prvs=@example.com>", "prvs=@example.com"},  // nothing recoverable: left alone
        // SRS
        {"<SRS0=HHH=TT=orig.example=alice@fwd.example>", "alice@orig.example"},
        {"<srs0+hhh=tt=orig.example=alice@fwd.example>", "alice@orig.example"},
        {"<SRS0-hhh=tt=orig.example=alice@fwd.example>", "alice@orig.example"},
        {"<SRS0=HHH=TT=orig.example=a=b@fwd.example>", "a=b@orig.example"},
        {"<SRS1=XXX=first.example==HHH=TT=orig.example=bob@second.example>", "bob@orig.example"},
        {"<SRS0=HHH=TT=orig.example=bob+tag@fwd.example>", "bob@orig.example"},
        {"<SRS0=broken@fwd.example>", "srs0=broken@fwd.example"},  // malformed: left alone
        {"<postmaster>", "postmaster"},
        // detail only in the local part
        {"<user@plus+domain.example>", "user@plus+domain.example"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.in);
        CHECK(normalize_sender(c.in) == c.out);
    }
}

TEST_CASE("recipient normalization keeps the detail") {
    CHECK(normalize_rcpt("<Rcpt+Box@Example.NET>") == "rcpt+box@example.net");
    CHECK(normalize_rcpt("r@x") == "r@x");
}

TEST_CASE("client masking and keys") {
    struct Case { const char* ip; uint32_t netmask; int v6; KeyMode mode; const char* key; };
    const Case cases[] = {
        {"192.0.2.77", 0xFFFFFFFF, 64, KeyMode::ClientIp, "192.0.2.77"},
        {"192.0.2.77", 0xFFFFFF00, 64, KeyMode::ClientIp, "192.0.2.0"},
        {"192.0.2.77", 0xFFFF0000, 64, KeyMode::ClientIp, "192.0.0.0"},
        {"::ffff:192.0.2.77", 0xFFFFFF00, 64, KeyMode::ClientIp, "192.0.2.0"},
        {"IPv6:2001:db8:1:2:3:4:5:6", 0xFFFFFFFF, 64, KeyMode::ClientIp, "2001:db8:1:2::"},
        {"2001:db8:1:2:3:4:5:6", 0xFFFFFFFF, 48, KeyMode::ClientIp, "2001:db8:1::"},
        {"2001:db8:1:2:3:4:5:6", 0xFFFFFFFF, 128, KeyMode::ClientIp, "2001:db8:1:2:3:4:5:6"},
        {"192.0.2.77", 0xFFFFFF00, 64, KeyMode::Triplet, "192.0.2.0 <a@x.example> <r@y.example>"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.ip);
        KeyOptions o{c.mode, c.netmask, c.v6};
        auto ip = IpAddr::parse(c.ip);
        REQUIRE(ip);
        CHECK(make_key(*ip, "<prvs=0123456789=A+x@X.example>", "<R@Y.example>", o) == c.key);
    }
}

TEST_CASE("null sender in a triplet") {
    KeyOptions o{KeyMode::Triplet, 0xFFFFFFFF, 64};
    CHECK(make_key(*IpAddr::parse("10.1.2.3"), "<>", "<r@y>", o) == "10.1.2.3 <> <r@y>");
}

TEST_CASE("long triplet keys are cut and end in a hash") {
    KeyOptions o{KeyMode::Triplet, 0xFFFFFFFF, 64};
    auto ip = *IpAddr::parse("10.1.2.3");
    std::string local(300, 'a');
    std::string k1 = make_key(ip, local + "@x.example", local + "1@y.example", o);
    std::string k2 = make_key(ip, local + "@x.example", local + "2@y.example", o);
    CHECK(k1.size() == kMaxKey);
    CHECK(k2.size() == kMaxKey);
    CHECK(k1 != k2);
    CHECK(k1 == make_key(ip, local + "@X.example", local + "1@y.example", o));  // stable
}
