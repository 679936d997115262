// periodic_sync.cpp: see periodic_sync.hpp.
#include "greylist/periodic_sync.hpp"

#include "util/log.hpp"

namespace mp::greylist {

PeriodicSync::PeriodicSync(Sync sync, std::chrono::milliseconds interval, std::string what)
    : sync_(std::move(sync)), interval_(interval), what_(std::move(what)), thread_([this] { run(); }) {}

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
    auto r = sync_();
    std::lock_guard lk(mu_);
    if (r) {
        syncs_++;
        last_error_.clear();
        return;
    }
    dirty_ = true;  // retry at the next interval
    if (r.error().message != last_error_)
        util::log_error("", what_ + ": periodic sync failed: " + r.error().message);
    last_error_ = r.error().message;
}

}  // namespace mp::greylist
