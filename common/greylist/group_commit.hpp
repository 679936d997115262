// group_commit.hpp: many sessions' decisions, one write transaction and one
// sync. A caller queues its decision (commit_queue.hpp); if no commit is in
// flight it becomes the committer (the leader): it takes every pending
// decision, runs `commit` on the batch (one transaction, one sync) with no
// lock held, answers the batch and returns; decisions that arrived meanwhile
// wake a waiting caller, who leads the next batch. The others wait on a
// condition variable until their decision is answered or `timeout` passes.
//
//   GroupCommit gc(1024, std::chrono::seconds(5), [&](std::span<Slot* const> b) -> Result<void> {...});
//   Result<Outcome> r = gc.decide(keys, now, policy);
//
// Why a leader among the callers and no dedicated thread: a lone session
// commits on its own thread with no hand-off (the latency of a plain commit),
// and under load the batch forms by itself while the leader waits for the
// disk; a committer thread would add two context switches per batch on the
// 2-core hosts milters run on, and a thread to stop at reload.
//
// Guarantees: each decision is answered after the commit that wrote it
// returned (for sync = full: after its fsync), or with an error: queue full
// (`capacity` decisions waiting), no answer within `timeout` (its decision may
// still be written), or the batch's commit failed (every decision in it gets
// that error). Only the leader waits for the disk; the mutex is never held
// across `commit`. Thread-safe.
#pragma once
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <span>

#include "greylist/commit_queue.hpp"

namespace mp::greylist {

class GroupCommit {
public:
    using Commit = std::function<Result<void>(std::span<Slot* const> batch)>;
    GroupCommit(size_t capacity, std::chrono::milliseconds timeout, Commit commit);

    Result<Outcome> decide(const Keys& keys, int64_t now, const Policy& p);

    struct Counters {
        uint64_t batches = 0, decisions = 0;
    };
    Counters counters() const;
    size_t pending() const;  // queued, not yet in a commit

private:
    // Leader: commit the pending batch (ours is in it); called and returns with lk held.
    void lead(std::unique_lock<std::mutex>& lk);

    std::chrono::milliseconds timeout_;
    Commit commit_;
    mutable std::mutex mu_;
    std::condition_variable answered_;
    CommitQueue q_;
    bool leading_ = false;
    Counters counters_;
};

}  // namespace mp::greylist
