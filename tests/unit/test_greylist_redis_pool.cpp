// test_greylist_redis_pool.cpp: the pool's deadline, against a real
// redis-server started here: time_left() as a pure function of the deadline
// and `now`, a command whose deadline has passed fails without touching the
// server and leaves the pool usable, and a frozen server with every pooled
// connection lent out answers each waiting thread with an error value (one
// deadline bounds the wait for a connection and the command together).
#include <doctest/doctest.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "greylist/redis_pool.hpp"
#include "test_greylist_fixture.hpp"

using namespace mp::greylist;
using std::chrono::milliseconds;
using std::chrono::microseconds;

TEST_CASE("time_left: never negative, rounded up to whole milliseconds") {
    const Deadline now{std::chrono::seconds(1000)};
    struct Row {
        Deadline deadline;
        milliseconds want;
    };
    const Row rows[] = {
        {now - milliseconds(5), milliseconds(0)},
        {now, milliseconds(0)},
        {now + microseconds(1), milliseconds(1)},
        {now + microseconds(1500), milliseconds(2)},
        {now + std::chrono::seconds(1), milliseconds(1000)},
    };
    for (const auto& r : rows) {
        auto us = std::chrono::duration_cast<microseconds>(r.deadline - now).count();
        CAPTURE(us);
        CHECK(time_left(r.deadline, now) == r.want);
    }
}

TEST_CASE("a command whose deadline has passed fails and leaves the pool usable") {
    greyfix::RedisServer redis;
    RedisPool pool(redis.options());
    REQUIRE(pool.command({"PING"}));
    auto late = pool.command({"SET", "t:late", "1"}, std::chrono::steady_clock::now() - milliseconds(1));
    REQUIRE_FALSE(late);
    CHECK(late.error().message.find("no time left") != std::string::npos);
    auto got = pool.command({"EXISTS", "t:late"});
    REQUIRE(got);
    CHECK((*got)->integer == 0);  // the late SET never reached the server
}

TEST_CASE("a frozen redis with every connection lent out: each waiting thread gets an error value") {
    greyfix::RedisServer redis;
    RedisOptions o = redis.options();
    o.pool_size = 1;
    RedisPool pool(o);
    REQUIRE(pool.command({"PING"}));
    redis.pause();  // SIGSTOP: the connection stays open, nothing is answered
    std::vector<std::string> errors(3);
    std::vector<std::thread> threads;
    auto start = std::chrono::steady_clock::now();
    for (auto& e : errors)
        threads.emplace_back([&pool, &e] {
            auto r = pool.command({"PING"});
            e = r ? std::string("answered") : r.error().message;
        });
    for (auto& t : threads) t.join();
    auto took = std::chrono::duration_cast<milliseconds>(std::chrono::steady_clock::now() - start);
    redis.resume();
    for (const auto& e : errors) {
        CAPTURE(e);
        CHECK(e.find("redis ") == 0);
    }
    MESSAGE("3 threads, pool of 1, frozen redis: all failed after " << took.count() << " ms (timeout 1 s)");
    REQUIRE(pool.command({"PING"}));  // usable again once the server answers
}
