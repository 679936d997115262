// periodic_sync.hpp: the background flusher of `sync = periodic`, for both
// embedded stores. A commit only hands its pages to the kernel (the LMDB
// environment is opened with MDB_NOSYNC; the journal store writes without
// fdatasync), so a kill -9 of the milter loses nothing: the page cache
// outlives the process. This thread runs `sync` (mdb_env_sync, fdatasync) at
// most every `interval`, and only when something was committed since.
//
//   PeriodicSync ps([env] { ... mdb_env_sync(env, 1) ... }, std::chrono::seconds(1), "greylisting lmdb /var/lib/...");
//   ... ps.committed();   // after each commit
//   // destructor: stops the thread (no wait for the interval), then a last sync
//
// Guarantees: on power loss or an OS crash at most the decisions of the last
// `interval` (plus the sync's own duration) are lost. A failed sync is logged
// (once per distinct error) and retried at the next interval. The thread never
// touches the environment after the destructor returns.
#pragma once
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "util/result.hpp"

namespace mp::greylist {

class PeriodicSync {
public:
    using Sync = std::function<Result<void>()>;
    // `what` names the store in the log: "greylisting lmdb /var/lib/...".
    PeriodicSync(Sync sync, std::chrono::milliseconds interval, std::string what);
    ~PeriodicSync();
    PeriodicSync(const PeriodicSync&) = delete;
    PeriodicSync& operator=(const PeriodicSync&) = delete;

    void committed();  // something was committed: the next round syncs
    uint64_t syncs() const;

private:
    void run();
    void sync_now();

    Sync sync_;
    std::chrono::milliseconds interval_;
    std::string what_;
    mutable std::mutex mu_;
    std::condition_variable wake_;
    bool stop_ = false;
    bool dirty_ = false;
    uint64_t syncs_ = 0;
    std::string last_error_;
    std::thread thread_;  // last: started when every other member is ready
};

}  // namespace mp::greylist
