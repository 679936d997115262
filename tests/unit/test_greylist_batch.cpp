// test_greylist_batch.cpp: group commit's pure parts. apply_batch() over a map
// (every scenario of test_greylist_cases.hpp as ONE batch must decide exactly
// as one transaction per attempt; the same key twice in a batch; a store error
// stops the batch) and CommitQueue's bookkeeping, step by step: capacity,
// arrival order, batches formed while one is in flight, failure answering
// every slot, abandoned slots.
#include <doctest/doctest.h>

#include <map>
#include <vector>

#include "greylist/batch.hpp"
#include "greylist/commit_queue.hpp"
#include "test_greylist_cases.hpp"

using namespace mp::greylist;
using greycases::T0;

namespace {

// A BatchIo over a std::map; `fail_at` > 0: that save (1-based) returns 5 (EIO).
struct MapIo final : BatchIo {
    std::map<std::string, Entry> m;
    int saves = 0, fail_at = 0;
    int load(const std::string& key, std::optional<Entry>& out) override {
        auto it = m.find(key);
        if (it != m.end()) out = it->second;
        return 0;
    }
    int save(const std::string& key, const Entry& e) override {
        if (++saves == fail_at) return 5;
        m[key] = e;
        return 0;
    }
};

const Policy kP{greycases::kT};

}  // namespace

TEST_CASE("a whole scenario in one batch decides as one transaction per attempt") {
    for (const auto& c : greycases::kCases) {
        CAPTURE(c.name);
        CommitQueue q(c.attempts.size());
        for (const auto& a : c.attempts) REQUIRE(q.push({a.key, a.client}, T0 + a.t, c.policy));
        auto batch = q.take();
        REQUIRE(batch.size() == c.attempts.size());
        MapIo io;
        REQUIRE(apply_batch(io, batch) == 0);
        greycases::Model model;
        for (size_t i = 0; i < batch.size(); ++i) {
            const auto& a = c.attempts[i];
            CAPTURE(a.t);
            auto want = model.attempt(a.key, a.client, T0 + a.t, c.policy);
            CHECK(batch[i]->out.pass == a.pass);
            CHECK(batch[i]->out.retry_after == a.retry_after);
            CHECK(before_name(batch[i]->out.before) == a.before);
            CHECK(batch[i]->out.key_after == want.key_after);
        }
        CHECK(io.m == model.m);
    }
}

TEST_CASE("the same key twice in one batch: the second attempt sees the first's write") {
    struct Row {
        const char* name;
        int64_t second_at;
        bool pass;
        const char* before;
        uint32_t count;
    };
    const Row rows[] = {
        {"retry in the same second", 0, false, "greylisted", 2},
        {"retry after grey_wait", 300, true, "greylisted", 1},
    };
    for (const auto& r : rows) {
        CAPTURE(r.name);
        CommitQueue q(4);
        REQUIRE(q.push({"k", ""}, T0, kP));
        REQUIRE(q.push({"k", ""}, T0 + r.second_at, kP));
        auto batch = q.take();
        MapIo io;
        REQUIRE(apply_batch(io, batch) == 0);
        CHECK(before_name(batch[0]->out.before) == "new");
        CHECK(before_name(batch[1]->out.before) == r.before);
        CHECK(batch[1]->out.pass == r.pass);
        CHECK(io.m.at("k").count == r.count);
        CHECK(io.m.at("k").first_seen == T0);
    }
}

TEST_CASE("a store error stops the batch and every decision in it fails") {
    for (int fail_at : {1, 2, 3}) {
        CAPTURE(fail_at);
        CommitQueue q(8);
        std::vector<uint32_t> ids;
        for (const char* k : {"a", "b", "c"}) ids.push_back(*q.push({k, ""}, T0, kP));
        auto batch = q.take();
        MapIo io;
        io.fail_at = fail_at;
        int rc = apply_batch(io, batch);
        CHECK(rc == 5);
        CHECK(io.saves == fail_at);  // nothing after the failing write was tried
        q.finish(false, "lmdb: Input/output error");
        for (uint32_t i : ids) {
            auto r = q.collect(i);
            REQUIRE_FALSE(r);
            CHECK(r.error().message == "lmdb: Input/output error");
        }
    }
}

TEST_CASE("queue: capacity bounds the waiting decisions; a collected slot is free again") {
    for (size_t cap : {1u, 2u, 16u}) {
        CAPTURE(cap);
        CommitQueue q(cap);
        std::vector<uint32_t> ids;
        for (size_t i = 0; i < cap; ++i) ids.push_back(*q.push({"k" + std::to_string(i), ""}, T0, kP));
        CHECK_FALSE(q.push({"over", ""}, T0, kP));
        CHECK(q.take().size() == cap);
        CHECK_FALSE(q.push({"over", ""}, T0, kP));  // in flight still holds every slot
        q.finish(true);
        REQUIRE(q.collect(ids[0]));
        CHECK(q.push({"again", ""}, T0, kP));
    }
}

TEST_CASE("queue: arrival order; decisions queued during a commit form the next batch") {
    CommitQueue q(8);
    auto a = *q.push({"a", ""}, T0, kP);
    auto first = q.take();
    REQUIRE(first.size() == 1);
    auto b = *q.push({"b", ""}, T0, kP);
    auto c = *q.push({"c", "cl"}, T0 + 1, kP);
    CHECK(q.pending() == 2);
    CHECK(q.in_flight());
    // whom a commit wakes: the batch's callers, then the oldest pending one
    CHECK(std::vector<uint32_t>(q.in_flight_ids().begin(), q.in_flight_ids().end()) == std::vector<uint32_t>{a});
    CHECK(q.first_pending() == b);
    q.finish(true);
    CHECK(q.in_flight_ids().empty());
    CHECK(q.done(a));
    CHECK_FALSE(q.done(b));
    auto second = q.take();
    REQUIRE(second.size() == 2);
    CHECK(second[0]->key == "b");
    CHECK(second[1]->key == "c");
    CHECK(second[1]->client == "cl");
    CHECK(second[1]->now == T0 + 1);
    q.finish(true);
    CHECK(q.done(b));
    CHECK(q.done(c));
}

TEST_CASE("queue: an abandoned slot is freed, pending at once, in flight at finish") {
    CommitQueue q(2);
    auto a = *q.push({"a", ""}, T0, kP);
    auto b = *q.push({"b", ""}, T0, kP);
    q.abandon(b);  // pending: out of the next batch, free now
    CHECK(q.pending() == 1);
    auto batch = q.take();
    REQUIRE(batch.size() == 1);
    CHECK(batch[0]->key == "a");
    auto c = *q.push({"c", ""}, T0, kP);  // reuses b's slot
    CHECK_FALSE(q.push({"d", ""}, T0, kP));
    q.abandon(a);  // in flight: its slot stays taken until the commit returns
    CHECK_FALSE(q.push({"d", ""}, T0, kP));
    q.finish(true);
    CHECK_FALSE(q.done(a));
    CHECK(q.push({"d", ""}, T0, kP));  // a's slot came back
    CHECK(q.pending() == 2);
    (void)c;
}
