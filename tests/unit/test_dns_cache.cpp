// test_dns_cache.cpp: the answer cache's TTL rules, with `now` given.
#include <doctest/doctest.h>

#include "dns/cache.hpp"

using namespace mp::dns;

namespace {

Answer answer(Status s, uint32_t ttl) {
    Answer a;
    a.status = s;
    a.ttl = ttl;
    if (s == Status::Ok) a.rdata = {"\x04test"};
    return a;
}

}  // namespace

TEST_CASE("how long each kind of answer is kept") {
    struct Case {
        Status status;
        uint32_t ttl;
        int64_t kept;  // seconds the entry lives
    };
    CacheLimits l{.max_entries = 10, .max_ttl = 3600, .negative_ttl = 300};
    for (const Case c : {Case{Status::Ok, 60, 60}, Case{Status::Ok, 7200, 3600}, Case{Status::NoData, 30, 30},
                         Case{Status::NxDomain, 900, 300}, Case{Status::NxDomain, 0, 300}, Case{Status::Ok, 0, 0},
                         Case{Status::TempError, 60, 0}}) {
        CAPTURE(status_name(c.status));
        CAPTURE(c.ttl);
        Cache cache(l);
        cache.put("a.example", Type::TXT, answer(c.status, c.ttl), 1000);
        auto before = cache.get("a.example", Type::TXT, 1000 + c.kept - 1);
        CHECK(bool(before) == (c.kept > 0));
        if (before) {
            CHECK(before->cached);
            CHECK(before->ttl == 1);
            CHECK(before->status == c.status);
        }
        CHECK_FALSE(cache.get("a.example", Type::TXT, 1000 + c.kept));
    }
}

TEST_CASE("keys: case-insensitive name, final dot ignored, type matters") {
    Cache cache({});
    cache.put("Mail.Example.", Type::TXT, answer(Status::Ok, 60), 0);
    CHECK(cache.get("mail.example", Type::TXT, 10));
    CHECK(cache.get("MAIL.EXAMPLE.", Type::TXT, 10));
    CHECK_FALSE(cache.get("mail.example", Type::A, 10));
    CHECK(cache.get("mail.example", Type::TXT, 10)->ttl == 50);
}

TEST_CASE("a full cache drops expired entries first, then the one expiring soonest") {
    Cache cache({.max_entries = 2, .max_ttl = 3600, .negative_ttl = 300});
    cache.put("short", Type::A, answer(Status::Ok, 10), 0);
    cache.put("long", Type::A, answer(Status::Ok, 100), 0);
    cache.put("new", Type::A, answer(Status::Ok, 50), 5);  // nothing expired: "short" goes
    CHECK(cache.size() == 2);
    CHECK_FALSE(cache.get("short", Type::A, 6));
    CHECK(cache.get("long", Type::A, 6));
    cache.put("later", Type::A, answer(Status::Ok, 50), 60);  // "new" expired at 55
    CHECK(cache.get("long", Type::A, 60));
    CHECK(cache.get("later", Type::A, 60));
    CHECK_FALSE(cache.get("new", Type::A, 60));
}

TEST_CASE("replacing an entry and a cache of size 0") {
    Cache cache({});
    cache.put("x", Type::A, answer(Status::Ok, 100), 0);
    cache.put("x", Type::A, answer(Status::NxDomain, 10), 0);
    CHECK(cache.get("x", Type::A, 5)->status == Status::NxDomain);
    CHECK(cache.size() == 1);
    Cache none({.max_entries = 0});
    none.put("x", Type::A, answer(Status::Ok, 100), 0);
    CHECK_FALSE(none.get("x", Type::A, 1));
}
