// test_callahead_cache.cpp: the call-ahead cache: TTLs against a given `now`,
// case-insensitive recipients, and the bound on its size.
#include <doctest/doctest.h>

#include <string>

#include "callahead/cache.hpp"

using namespace mp::callahead;

namespace {
const Answer kRefused{false, {"550", "5.1.1", "User unknown"}};
const Answer kAccepted{true, {"250", "2.1.5", "Ok"}};
}  // namespace

TEST_CASE("an answer is valid until its expiry, for any case of the address") {
    Cache c(10);
    c.put("User@Example.COM", kRefused, 1000);
    struct Case {
        std::string rcpt;
        int64_t now;
        bool hit;
    };
    const Case cases[] = {
        {"user@example.com", 0, true},   {"USER@EXAMPLE.COM", 999, true}, {"user@example.com", 1000, false},
        {"user@example.com", 5000, false}, {"other@example.com", 0, false},
    };
    for (const auto& k : cases) {
        CAPTURE(k.rcpt);
        CAPTURE(k.now);
        auto a = c.get(k.rcpt, k.now);
        REQUIRE(a.has_value() == k.hit);
        if (a) CHECK(a->reply == kRefused.reply);
    }
}

TEST_CASE("a newer answer replaces the older one") {
    Cache c(10);
    c.put("u@x", kRefused, 100);
    c.put("u@x", kAccepted, 200);
    auto a = c.get("u@x", 150);
    REQUIRE(a);
    CHECK(a->accepted);
    CHECK(c.size() == 1);
}

TEST_CASE("at max_entries the half that expires soonest goes") {
    Cache c(4);
    for (int i = 0; i < 4; ++i) c.put("u" + std::to_string(i) + "@x", kAccepted, 100 + i);
    c.put("new@x", kAccepted, 500);
    CHECK(c.size() <= 4);
    CHECK(c.get("new@x", 0));
    CHECK(c.get("u3@x", 0));
    CHECK_FALSE(c.get("u0@x", 0));
}
