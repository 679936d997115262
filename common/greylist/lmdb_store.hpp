// lmdb_store.hpp: the embedded greylisting store, one LMDB environment (a
// directory with data.mdb and lock.mdb) in the main unnamed database, keys as
// key.hpp writes them, values as state.hpp encode()s them.
//
// Guarantees:
//  - decide() commits before it returns: a kill -9 right after loses nothing.
//    Concurrent decisions share one write txn (group commit, group_commit.hpp:
//    one commit, one sync per batch, at most `queue` waiting, each for at
//    most `timeout`; with sync = full or meta a committer thread of its own
//    commits, otherwise the waiting callers do). With sync = full the commit is on disk before the
//    reply (two fsyncs per batch), so a power loss loses nothing either;
//    periodic leaves the sync to a background thread (periodic_sync.hpp): a
//    power loss loses at most sync_interval; meta | none (see LmdbOptions).
//  - Several processes on one host may share the directory (LMDB's lock file
//    serializes writers); within one process a path may be open only once
//    (LMDB's locks are per process: a second open would release the first's),
//    open() returns an error instead. Opened with MDB_NOTLS: libmilter runs one
//    session's callbacks on any worker thread.
//  - Expiry never scans the whole database on the RCPT path: while the
//    database holds more than expire_limit entries, each decision's write txn
//    looks at up to kTrimScan entries after where the last one stopped and
//    deletes the expired ones among them. expire() is the full pass for the CLI.
//  - MDB_MAP_FULL: the map doubles up to max_map_size and the decision is
//    retried; at the limit a batch is expired and the caller gets an error value.
//    MDB_MAP_RESIZED (another process grew it) is adopted and retried.
#pragma once
#include <lmdb.h>

#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>

#include "greylist/group_commit.hpp"
#include "greylist/periodic_sync.hpp"
#include "greylist/options.hpp"
#include "greylist/store.hpp"
#include "util/raii.hpp"

namespace mp::greylist {

class LmdbStore final : public Store {
public:
    static constexpr int kTrimScan = 64;
    static Result<std::unique_ptr<LmdbStore>> open(const LmdbOptions& o, uint64_t expire_limit);
    ~LmdbStore() override;

    Result<Outcome> decide(const Keys& keys, int64_t now, const Policy& p) override;
    Result<std::vector<std::pair<std::string, Entry>>> list() override;
    Result<std::optional<Entry>> get(const std::string& key) override;
    Result<void> put(const std::string& key, const Entry& e, int64_t now, const Timing& t) override;
    Result<bool> remove(const std::string& key) override;
    Result<StoreStats> stats() override;
    Result<uint64_t> expire(int64_t now, const Timing& t) override;

    uint64_t map_size() const;

private:
    using Env = util::Handle<MDB_env, mdb_env_close>;
    LmdbStore(Env env, MDB_dbi dbi, std::string path, const LmdbOptions& o, uint64_t expire_limit);

    // Scan up to `scan` entries from the trim position, delete up to
    // `max_delete` expired ones; `wrapped` when the scan reached the end.
    int trim(MDB_txn* txn, int64_t now, const Timing& t, int scan, uint64_t max_delete, uint64_t& deleted,
             bool& wrapped);
    void relieve(int64_t now, const Timing& t);
    Result<void> status(int rc) const;
    Result<void> commit(std::span<Slot* const> batch);
    // Run `fn(txn)` (returning an mdb code) in a write txn, growing the map or
    // adopting another process's size and retrying as needed.
    template <class Fn>
    int write(Fn&& fn);
    // Run `fn(txn)` in a read-only txn (lmdb_admin.cpp).
    template <class Fn>
    Result<void> read(Fn&& fn);
    bool grow();
    void adopt_size();

    Env env_;
    MDB_dbi dbi_;
    std::string path_;
    LmdbOptions o_;
    uint64_t expire_limit_;
    std::shared_mutex resize_mu_;  // shared: any txn of this process; exclusive: set_mapsize
    std::mutex trim_mu_;
    std::string trim_pos_;  // key where the next trim batch starts ("" = first)
    GroupCommit group_;
    std::unique_ptr<PeriodicSync> syncer_;  // sync = periodic only
};

}  // namespace mp::greylist
