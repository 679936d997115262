// group_commit.cpp: see group_commit.hpp.
#include "greylist/group_commit.hpp"

namespace mp::greylist {

GroupCommit::GroupCommit(size_t capacity, std::chrono::milliseconds timeout, Commit commit, Committer who)
    : timeout_(timeout),
      commit_(std::move(commit)),
      q_(capacity),
      wake_(std::make_unique<std::condition_variable[]>(q_.capacity())),
      own_thread_(who == Committer::Thread) {
    if (own_thread_) thread_ = std::thread([this] { run(); });
}

GroupCommit::~GroupCommit() {
    if (!own_thread_) return;
    {
        std::lock_guard lk(mu_);
        stop_ = true;
    }
    work_.notify_one();
    thread_.join();
}

void GroupCommit::run() {
    std::unique_lock lk(mu_);
    while (!stop_) {
        if (q_.pending())
            lead(lk);
        else
            work_.wait(lk);
    }
}

Result<Outcome> GroupCommit::decide(const Keys& keys, int64_t now, const Policy& p) {
    auto deadline = std::chrono::steady_clock::now() + timeout_;
    std::unique_lock lk(mu_);
    auto mine = q_.push(keys, now, p);
    if (!mine) return fail("greylisting store: " + std::to_string(q_.capacity()) + " decisions already queued");
    if (own_thread_ && !leading_) work_.notify_one();
    while (!q_.done(*mine)) {
        if (!leading_ && !own_thread_) {
            lead(lk);  // our slot is pending: it is in the batch
            continue;
        }
        if (wake_[*mine].wait_until(lk, deadline) == std::cv_status::timeout && !q_.done(*mine)) {
            q_.abandon(*mine);
            // Had we been woken to lead, the next oldest leads instead.
            if (!own_thread_ && !leading_ && q_.pending()) wake_[q_.first_pending()].notify_one();
            return fail("greylisting store: no answer within " + std::to_string(timeout_.count()) + " ms");
        }
    }
    return q_.collect(*mine);
}

void GroupCommit::lead(std::unique_lock<std::mutex>& lk) {
    leading_ = true;
    auto batch = q_.take();
    lk.unlock();
    Result<void> r = commit_(batch);
    lk.lock();
    counters_.batches++;
    counters_.decisions += batch.size();
    // Notified under the mutex before finish(): a woken caller checks its
    // slot only once it holds the mutex, after finish().
    for (uint32_t i : q_.in_flight_ids()) wake_[i].notify_one();
    q_.finish(bool(r), r ? std::string() : r.error().message);
    leading_ = false;
    // Decisions queued during the commit: the committer thread sees them;
    // without one, the caller of the oldest leads the next batch.
    if (!own_thread_ && q_.pending()) wake_[q_.first_pending()].notify_one();
}

GroupCommit::Counters GroupCommit::counters() const {
    std::lock_guard lk(mu_);
    return counters_;
}

size_t GroupCommit::pending() const {
    std::lock_guard lk(mu_);
    return q_.pending();
}

}  // namespace mp::greylist
