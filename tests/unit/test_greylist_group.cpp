// test_greylist_group.cpp: GroupCommit with real threads, made deterministic
// by a commit function that holds the first batch until the test has seen
// the next callers queued (GroupCommit::pending()); no assertion depends on
// timing. Each row: how many callers queue behind the first, the queue's
// capacity, whether the second commit fails. Then the bounded wait. Every
// case runs with each committer: a waiting caller, and a thread of its own.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

#include "greylist/group_commit.hpp"
#include "test_greylist_cases.hpp"

using namespace mp::greylist;
using greycases::T0;

namespace {

const Policy kGroupPolicy{greycases::kT};
constexpr GroupCommit::Committer kCommitters[] = {GroupCommit::Committer::Caller, GroupCommit::Committer::Thread};

// Poll `cond` for up to 60 s (the steps it waits for take microseconds).
template <class F>
bool eventually(F cond) {
    for (int i = 0; i < 60000; ++i) {
        if (cond()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    return false;
}

// Commits by recording batch sizes; the first commit waits for `release`.
struct Recorder {
    std::mutex mu;
    std::vector<size_t> sizes;
    std::atomic<bool> in_first{false}, release{false};
    bool fail_second = false;
    mp::Result<void> commit(std::span<Slot* const> batch) {
        size_t n;
        {
            std::lock_guard lk(mu);
            sizes.push_back(batch.size());
            n = sizes.size();
        }
        if (n == 1) {
            in_first = true;
            eventually([&] { return release.load(); });
        }
        for (Slot* s : batch) s->out = decide(std::nullopt, std::nullopt, false, s->now, s->policy);
        if (n == 2 && fail_second) return mp::fail("lmdb: disk on fire");
        return {};
    }
};

}  // namespace

TEST_CASE("decisions queued during a commit are written in ONE next commit and all answered") {
    struct Row {
        const char* name;
        int behind;       // callers queued while the first commit is in flight
        size_t capacity;  // slots, the in-flight first decision's included
        bool fail_second;
    };
    const Row rows[] = {
        {"3 behind, all committed together", 3, 16, false},
        {"15 behind (16 sessions)", 15, 16, false},
        {"failed commit: every decision in it gets the error", 8, 16, true},
        {"queue full (the first's slot + 4): the extra caller gets an error at once", 4, 5, false},
    };
    for (auto who : kCommitters)
        for (const auto& r : rows) {
            CAPTURE(r.name);
            CAPTURE(int(who));
            Recorder rec;
            rec.fail_second = r.fail_second;
            GroupCommit gc(
                r.capacity, std::chrono::seconds(60), [&](std::span<Slot* const> b) { return rec.commit(b); }, who);
            std::vector<std::thread> threads;
            std::vector<int> ok(r.behind + 1, -1);
            threads.emplace_back([&] { ok[0] = bool(gc.decide({"first", ""}, T0, kGroupPolicy)); });
            REQUIRE(eventually([&] { return rec.in_first.load(); }));
            for (int i = 1; i <= r.behind; ++i)
                threads.emplace_back([&, i] {
                    ok[i] = bool(gc.decide({"k" + std::to_string(i), ""}, T0, kGroupPolicy));
                });
            REQUIRE(eventually([&] { return gc.pending() == size_t(r.behind); }));
            if (size_t(r.behind) + 1 == r.capacity) {
                auto over = gc.decide({"over", ""}, T0, kGroupPolicy);
                REQUIRE_FALSE(over);
                CHECK(over.error().message.find("already queued") != std::string::npos);
            }
            rec.release = true;
            for (auto& t : threads) t.join();
            CHECK(rec.sizes == std::vector<size_t>{1, size_t(r.behind)});
            CHECK(gc.counters().batches == 2);
            CHECK(ok[0] == 1);
            for (int i = 1; i <= r.behind; ++i) CHECK(ok[i] == (r.fail_second ? 0 : 1));
        }
}

TEST_CASE("a decision not answered within the timeout fails; the store stays usable") {
    for (auto who : kCommitters) {
        CAPTURE(int(who));
        Recorder rec;
        // A leading caller commits itself and is not bounded: 1 ms is enough.
        // With a committer thread the first caller waits too, bounded by the
        // same timeout, and the thread must take its decision before that:
        // 2 s (it takes microseconds); its outcome is then either (a decision
        // that timed out may still be written).
        const bool thread = who == GroupCommit::Committer::Thread;
        GroupCommit gc(
            8, std::chrono::milliseconds(thread ? 2000 : 1), [&](std::span<Slot* const> b) { return rec.commit(b); },
            who);
        std::thread first([&] {
            bool ok = bool(gc.decide({"first", ""}, T0, kGroupPolicy));
            if (!thread) CHECK(ok);
        });
        REQUIRE(eventually([&] { return rec.in_first.load(); }));
        auto late = gc.decide({"late", ""}, T0, kGroupPolicy);  // the first commit never returns meanwhile
        REQUIRE_FALSE(late);
        CHECK(late.error().message.find("no answer within") != std::string::npos);
        CHECK(gc.pending() == 0);  // the abandoned slot left the queue
        rec.release = true;
        first.join();
        CHECK(gc.decide({"after", ""}, T0, kGroupPolicy));
        CHECK(rec.sizes == std::vector<size_t>{1, 1});
    }
}
