// test_greylist_state.cpp: the pure state machine with an injected clock: the
// shared scenario table, then the entry fields of each transition, the
// deadlines and the text codec both stores use.
#include <doctest/doctest.h>

#include "greylist/state.hpp"
#include "test_greylist_cases.hpp"

using namespace mp::greylist;
using greycases::T0;

using greycases::Model;

TEST_CASE("scenario table against the pure state machine") {
    for (const auto& c : greycases::kCases) {
        CAPTURE(c.name);
        Model model;
        for (const auto& a : c.attempts) {
            CAPTURE(a.t);
            CAPTURE(a.key);
            Outcome o = model.attempt(a.key, a.client, T0 + a.t, c.policy);
            CHECK(o.pass == a.pass);
            CHECK(o.retry_after == a.retry_after);
            CHECK(before_name(o.before) == a.before);
        }
    }
}

TEST_CASE("entry fields through every transition") {
    const Timing t = greycases::kT;
    Step s = step(std::nullopt, T0, t);
    CHECK(s.entry == Entry{State::Greylisted, T0, T0, 0, 1});

    Step early = step(s.entry, T0 + 100, t);  // early retry: first_seen kept, count and last_seen move
    CHECK(early.entry == Entry{State::Greylisted, T0, T0 + 100, 0, 2});
    CHECK_FALSE(early.confirmed);

    Step conf = step(early.entry, T0 + 300, t);
    CHECK(conf.confirmed);
    CHECK(conf.entry == Entry{State::Whitelisted, T0, T0 + 300, T0 + 300, 1});

    Step mail = step(conf.entry, T0 + 5000, t);  // refresh: last_seen and count, whitelisted_at kept
    CHECK(mail.entry == Entry{State::Whitelisted, T0, T0 + 5000, T0 + 300, 2});

    Step restart = step(mail.entry, T0 + 5000 + t.white_expire + 1, t);
    CHECK(restart.before == Before::WhiteExpired);
    CHECK(restart.entry.state == State::Greylisted);
    CHECK(restart.entry.first_seen == T0 + 5000 + t.white_expire + 1);
}

TEST_CASE("deadlines: the last second an entry is valid") {
    const Timing t = greycases::kT;
    CHECK(deadline(Entry{State::Greylisted, 100, 200, 0, 2}, t) == 100 + t.grey_expire);
    CHECK(deadline(Entry{State::Whitelisted, 0, 1000, 500, 1}, t) == 1000 + t.white_expire);
    // white_timeout bites first when the entry is busy
    CHECK(deadline(Entry{State::Whitelisted, 0, 29 * greycases::D, 500, 9}, t) == 500 + t.white_timeout);
    CHECK(deadline(Entry{State::Counting, 0, 1000, 0, 1}, t) == 1000 + t.white_expire);
    CHECK(deadline(Entry{State::Whitelisted, 0, 29 * greycases::D, 500, 9}, greycases::kNoTimeout) ==
          29 * greycases::D + t.white_expire);
    CHECK_FALSE(expired(Entry{State::Greylisted, 100, 100, 0, 1}, 100 + t.grey_expire, t));
    CHECK(expired(Entry{State::Greylisted, 100, 100, 0, 1}, 101 + t.grey_expire, t));
}

TEST_CASE("a counting entry under a client_ip key starts over") {
    Outcome o = decide(Entry{State::Counting, T0, T0, 0, 3}, std::nullopt, false, T0 + 10, {greycases::kT});
    CHECK_FALSE(o.pass);
    CHECK(o.before == Before::New);
}

TEST_CASE("entry text codec") {
    const Entry cases[] = {
        {State::Greylisted, T0, T0 + 1, 0, 1},
        {State::Whitelisted, T0, T0 + 99, T0 + 50, 4294967295u},
        {State::Counting, 1, 2, 0, 3},
        {State::Greylisted, -5, 0, 0, 0},
    };
    for (const auto& e : cases) {
        CAPTURE(encode(e));
        CHECK(decode(encode(e)) == e);
    }
    CHECK(encode(Entry{State::Whitelisted, 1, 2, 3, 4}) == "w 1 2 3 4");
    for (const char* bad : {"", "x 1 2 3 4", "g 1 2 3", "g 1 2 3 4 5", "g 1 2 3 -4", "g a 2 3 4", "g1 2 3 4 5",
                            "g 1 2 3 99999999999"}) {
        CAPTURE(bad);
        CHECK_FALSE(decode(bad));
    }
}

TEST_CASE("before names round-trip") {
    for (int b = 0; b <= int(Before::ClientWhitelisted); ++b) CHECK(before_from_name(before_name(Before(b))) == Before(b));
    CHECK_FALSE(before_from_name("bogus"));
}
