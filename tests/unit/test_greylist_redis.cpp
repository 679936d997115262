// test_greylist_redis.cpp: what only the redis store promises, against a real
// redis-server started here: TCP with AUTH and SELECT, a wrong password as an
// error value, a stopped or frozen server as an error value (no hang) and
// recovery once it is back (reconnect, script reloaded after NOSCRIPT), two
// MX hosts sharing entries, and a pool smaller than the number of threads.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "greylist/greylister.hpp"
#include "greylist/redis_store.hpp"
#include "test_greylist_cases.hpp"
#include "test_greylist_fixture.hpp"

using namespace mp::greylist;
using greycases::T0;

namespace {

const Policy kPolicy{greycases::kT};

}  // namespace

TEST_CASE("TCP with AUTH and SELECT") {
    greyfix::RedisServer redis(greyfix::RedisConfig{.tcp = true, .password = "s3cret pass"});
    RedisOptions o = redis.options("tcp:");
    REQUIRE(o.path.empty());
    o.db = 3;
    RedisStore s(o);
    auto d = s.decide({"192.0.2.1", ""}, T0, kPolicy);
    REQUIRE_MESSAGE(d, greyfix::why(d));
    CHECK(redis.command({"GET", "tcp:192.0.2.1"}, 3) == "g 1700000000 1700000000 0 1");
    CHECK(redis.command({"EXISTS", "tcp:192.0.2.1"}, 0) == "0");

    o.password = "wrong";
    RedisStore bad(o);
    auto e = bad.decide({"192.0.2.1", ""}, T0, kPolicy);
    REQUIRE_FALSE(e);
    CHECK(e.error().message.find("AUTH") != std::string::npos);
}

TEST_CASE("a stopped redis is an error value, and the store recovers when it is back") {
    greyfix::RedisServer redis;
    RedisStore s(redis.options());
    REQUIRE(s.decide({"192.0.2.1", ""}, T0, kPolicy));
    redis.stop();
    auto down = s.decide({"192.0.2.1", ""}, T0 + 300, kPolicy);
    REQUIRE_FALSE(down);
    MESSAGE("redis down: " << down.error().message);
    redis.start();  // empty again (no persistence), script cache empty: NOSCRIPT -> EVAL
    auto back = s.decide({"192.0.2.1", ""}, T0 + 300, kPolicy);
    REQUIRE_MESSAGE(back, greyfix::why(back));
    CHECK(back->before == Before::New);
}

TEST_CASE("a frozen redis gives an error after the timeout, not a hang") {
    greyfix::RedisServer redis;
    RedisStore s(redis.options());
    REQUIRE(s.decide({"192.0.2.1", ""}, T0, kPolicy));
    redis.pause();  // SIGSTOP: connections accepted by the kernel, never answered
    auto start = std::chrono::steady_clock::now();
    auto r = s.decide({"192.0.2.1", ""}, T0 + 300, kPolicy);
    auto took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
    redis.resume();
    REQUIRE_FALSE(r);
    MESSAGE("frozen redis: " << r.error().message << " after " << took.count() << " ms (timeout 1 s)");
    auto again = s.decide({"192.0.2.1", ""}, T0 + 300, kPolicy);
    REQUIRE_MESSAGE(again, greyfix::why(again));
    CHECK(again->pass);
}

TEST_CASE("SCRIPT FLUSH: EVALSHA answers NOSCRIPT, the store falls back to EVAL") {
    greyfix::RedisServer redis;
    RedisStore s(redis.options());
    REQUIRE(s.decide({"192.0.2.1", ""}, T0, kPolicy));
    CHECK(redis.command({"SCRIPT", "FLUSH"}) == "OK");
    auto d = s.decide({"192.0.2.1", ""}, T0 + 300, kPolicy);
    REQUIRE_MESSAGE(d, greyfix::why(d));
    CHECK(d->pass);
}

TEST_CASE("two MX hosts sharing one redis see each other's entries") {
    greyfix::RedisServer redis;
    Options o;
    o.store = StoreKind::Redis;
    o.redis = redis.options("mx:");
    auto a = Greylister::create(o);
    auto b = Greylister::create(o);
    REQUIRE(a);
    REQUIRE(b);
    auto at = [](int64_t s) { return std::chrono::system_clock::time_point(std::chrono::seconds(T0 + s)); };
    auto ip = *mp::util::IpAddr::parse("198.51.100.7");
    auto first = (*a)->check({ip, "<s@x>", "<r@y>", at(0)});
    REQUIRE(first);
    CHECK(first->result == Decision::Greylisted);
    auto retry = (*b)->check({ip, "<s@x>", "<r@y>", at(300)});  // the retry reaches the other MX
    REQUIRE(retry);
    CHECK(retry->result == Decision::Pass);
    CHECK(retry->state_before == "greylisted");
}

TEST_CASE("pool of one connection serves four threads") {
    greyfix::RedisServer redis;
    RedisOptions o = redis.options("pool:");
    o.pool_size = 1;
    o.timeout = std::chrono::seconds(5);
    RedisStore s(o);
    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&] {
            for (int i = 0; i < 50; ++i)
                if (!s.decide({"192.0.2.1", ""}, T0, kPolicy)) ++failures;
        });
    for (auto& t : threads) t.join();
    CHECK(failures == 0);
    auto e = s.get("192.0.2.1");
    REQUIRE(e);
    REQUIRE(*e);
    CHECK((*e)->count == 200);  // every attempt counted: the script is atomic
}
