// lmdb_sync.cpp: see lmdb_sync.hpp.
#include "greylist/lmdb_sync.hpp"

#include "util/log.hpp"

namespace mp::greylist {

PeriodicSync::PeriodicSync(MDB_env* env, std::chrono::milliseconds interval, std::string path)
    : env_(env), interval_(interval), path_(std::move(path)), thread_([this] { run(); }) {}

PeriodicSync::~PeriodicSync() {
    {
        std::lock_guard lk(mu_);
        stop_ = true;
    }
    wake_.notify_all();
    thread_.join();
    sync_now();
}

void PeriodicSync::committed() {
    std::lock_guard lk(mu_);
    dirty_ = true;
}

uint64_t PeriodicSync::syncs() const {
    std::lock_guard lk(mu_);
    return syncs_;
}

void PeriodicSync::run() {
    std::unique_lock lk(mu_);
    while (!stop_) {
        wake_.wait_for(lk, interval_, [this] { return stop_; });
        if (stop_) break;
        lk.unlock();
        sync_now();
        lk.lock();
    }
}

// Clears dirty before the sync: a commit during the sync marks it again.
void PeriodicSync::sync_now() {
    {
        std::lock_guard lk(mu_);
        if (!dirty_) return;
        dirty_ = false;
    }
    int rc = mdb_env_sync(env_, 1);
    std::lock_guard lk(mu_);
    if (rc == 0) {
        syncs_++;
        last_error_ = 0;
        return;
    }
    dirty_ = true;  // retry at the next interval
    if (rc != last_error_)
        util::log_error("", "greylisting lmdb " + path_ + ": periodic sync failed: " + mdb_strerror(rc));
    last_error_ = rc;
}

}  // namespace mp::greylist
