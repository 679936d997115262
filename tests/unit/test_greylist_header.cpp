// test_greylist_header.cpp: the X-Greylist: value as milter-greylist words
// it: "Delayed for HH:MM:SS by AGENT (HOST); DATE" after a delay, the
// reasons joined and "not delayed by" otherwise; the longest delay wins.
// And the "Delayed for" time itself: Decision::delayed from both real stores.
#include <doctest/doctest.h>

#include <string>

#include "greylist/greylister.hpp"
#include "greylist/header.hpp"
#include "greylist/lmdb_store.hpp"
#include "greylist/redis_store.hpp"
#include "test_greylist_fixture.hpp"

using namespace mp::greylist;
using namespace std::chrono_literals;

TEST_CASE("delay text") {
    struct Case {
        std::chrono::seconds d;
        const char* text;
    };
    const Case cases[] = {{0s, "00:00:00"},     {2s, "00:00:02"},        {312s, "00:05:12"},
                          {3600s, "01:00:00"},  {86399s, "23:59:59"},    {400762s, "111:19:22"}};
    for (const auto& c : cases) CHECK(delay_text(c.d) == c.text);
}

TEST_CASE("mail date in UTC") {
    CHECK(mail_date(0) == "Thu, 01 Jan 1970 00:00:00 +0000");
    CHECK(mail_date(1796090400) == "Tue, 01 Dec 2026 02:00:00 +0000");
}

TEST_CASE("header values") {
    const int64_t now = 1796090400;
    HeaderNote delayed;
    delayed.delayed_for(75s);
    delayed.delayed_for(312s);
    delayed.delayed_for(10s);
    delayed.exempt(kNotDelayedRcpt);  // a delay wins over reasons
    CHECK(x_greylist(delayed, "milterpack-0.1.0", "mx.example.org", now) ==
          "Delayed for 00:05:12 by milterpack-0.1.0 (mx.example.org); Tue, 01 Dec 2026 02:00:00 +0000");

    HeaderNote two;
    two.exempt(kNotDelayedIp);
    two.exempt(kNotDelayedRcpt);
    two.exempt(kNotDelayedIp);  // once
    CHECK(x_greylist(two, "milterpack-0.1.0", "mx", now) ==
          "Sender IP whitelisted, Recipient e-mail whitelisted, not delayed by milterpack-0.1.0 (mx); "
          "Tue, 01 Dec 2026 02:00:00 +0000");

    HeaderNote none;
    CHECK(none.empty());
    two.delayed_for(0s);
    CHECK(x_greylist(two, "a", "h", now).starts_with("Delayed for 00:00:00 by a (h); "));
}

namespace {

// first attempt at t0, early retry, the confirming retry, a later mail.
void check_delays(const std::shared_ptr<Store>& store) {
    Options o;  // grey_wait 300 s
    Greylister g(o, store);
    auto ip = *mp::util::IpAddr::parse("192.0.2.9");
    auto at = [](int64_t t) { return std::chrono::system_clock::time_point(std::chrono::seconds(t)); };
    const int64_t t0 = 1796090400;
    struct Step {
        int64_t t;
        Decision::Kind result;
        std::chrono::seconds delayed;
        const char* before;
    };
    const Step steps[] = {{t0, Decision::Greylisted, 0s, "new"},
                          {t0 + 100, Decision::Greylisted, 0s, "greylisted"},
                          {t0 + 312, Decision::Pass, 312s, "greylisted"},
                          {t0 + 900, Decision::Pass, 0s, "whitelisted"}};
    for (const auto& st : steps) {
        CAPTURE(st.t - t0);
        auto d = g.check({ip, "a@example.org", "b@example.com", at(st.t)});
        REQUIRE_MESSAGE(d, greyfix::why(d));
        CHECK(d->result == st.result);
        CHECK(d->delayed == st.delayed);
        CHECK(d->state_before == st.before);
    }
}

}  // namespace

TEST_CASE("Decision::delayed: the time from the first attempt to the confirming one, both stores") {
    greyfix::TempDir dir;
    LmdbOptions lo;
    lo.path = dir.path + "/env";
    auto lmdb = LmdbStore::open(lo, 10000);
    REQUIRE_MESSAGE(lmdb, greyfix::why(lmdb));
    check_delays(std::shared_ptr<Store>(std::move(*lmdb)));
    greyfix::RedisServer redis;
    check_delays(std::make_shared<RedisStore>(redis.options("delay:")));
}
