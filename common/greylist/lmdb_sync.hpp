// lmdb_sync.hpp: the background flusher of `sync = periodic`. The LMDB
// environment is opened with MDB_NOSYNC, so a commit only hands its pages to
// the kernel (a kill -9 of the milter loses nothing: the page cache outlives
// the process); this thread calls mdb_env_sync(env, 1) at most every
// `interval`, and only when something was committed since the last sync.
//
//   PeriodicSync ps(env, std::chrono::seconds(1), "/var/lib/milterpack/greylist");
//   ... ps.committed();   // after each commit
//   // destructor: stops the thread (no wait for the interval), then a last sync
//
// Guarantees: on power loss or an OS crash at most the decisions of the last
// `interval` (plus the sync's own duration) are lost. A failed sync is logged
// (once per distinct error) and retried at the next interval. The thread never
// touches the environment after the destructor returns.
#pragma once
#include <lmdb.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

namespace mp::greylist {

class PeriodicSync {
public:
    PeriodicSync(MDB_env* env, std::chrono::milliseconds interval, std::string path);
    ~PeriodicSync();
    PeriodicSync(const PeriodicSync&) = delete;
    PeriodicSync& operator=(const PeriodicSync&) = delete;

    void committed();  // something was committed: the next round syncs
    uint64_t syncs() const;

private:
    void run();
    void sync_now();

    MDB_env* env_;
    std::chrono::milliseconds interval_;
    std::string path_;
    mutable std::mutex mu_;
    std::condition_variable wake_;
    bool stop_ = false;
    bool dirty_ = false;
    uint64_t syncs_ = 0;
    int last_error_ = 0;
    std::thread thread_;  // last: started when every other member is ready
};

}  // namespace mp::greylist
