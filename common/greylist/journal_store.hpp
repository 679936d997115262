// journal_store.hpp: the embedded greylisting store for durability at memory
// speed (store = journal). Every entry lives in memory (an ordered map); every
// change is appended to a preallocated journal file (journal_record.hpp,
// journal_file.hpp); concurrent decisions share one append and, with
// sync = full, one fdatasync (group commit, group_commit.hpp; with
// sync = full a committer thread of its own commits, otherwise the callers). A durable LMDB
// commit needs two ordered syncs (data pages, then the meta page); this needs one.
//
//   auto s = JournalStore::open(options.journal, options.expire_limit);
//   Result<Outcome> r = (*s)->decide(keys, now, policy);
//
// Guarantees:
//  - decide() answers after its records were written (full: and fdatasync'ed):
//    a kill -9 right after loses nothing in every mode, a power loss nothing
//    with sync = full, at most sync_interval with periodic.
//  - open() recovers the newest complete snapshot plus its journal up to the
//    first torn record (a write cut by a crash), then starts a new generation
//    (snapshot of the recovered entries, empty journal). A snapshot that does
//    not read back is an error naming the file and offset; the store is not
//    opened. One process owns the directory (flock on DIR/lock): a second
//    open, also from the CLI while the daemon runs, is an error.
//  - When the journal is full, the writer that finds it full writes a snapshot
//    of every entry and renames the spare journal (zeroed ahead of time by a
//    background thread) into place before its append (decisions queue
//    meanwhile): a pause proportional to the number of entries, once per
//    journal_size of appends. The directory holds the journal, the spare
//    and the snapshot.
//  - A failed append or sync fails the batch (each decision gets the error,
//    the in-memory changes are undone) and the next write starts a new
//    generation first: nothing that was answered is lost, nothing is read
//    from a file whose sync failed. (A snapshot written by the failing
//    write's own rotation may hold that batch's entries: like a decision
//    that timed out, a failed one may still be written.) Readers of the
//    map (the admin operations) may see a batch before its sync returns.
//  - Expiry on the decision path as in lmdb_store.hpp (above expire_limit
//    entries, a bounded scan per batch); it is not journalled: an expired
//    entry that comes back on recovery is still expired.
#pragma once
#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "greylist/group_commit.hpp"
#include "greylist/journal_file.hpp"
#include "greylist/options.hpp"
#include "greylist/periodic_sync.hpp"
#include "greylist/store.hpp"

namespace mp::greylist {

class JournalStore final : public Store {
public:
    static constexpr int kTrimScan = 64;
    static Result<std::unique_ptr<JournalStore>> open(const JournalOptions& o, uint64_t expire_limit);
    ~JournalStore() override;

    Result<Outcome> decide(const Keys& keys, int64_t now, const Policy& p) override;
    Result<std::vector<std::pair<std::string, Entry>>> list() override;
    Result<std::optional<Entry>> get(const std::string& key) override;
    Result<void> put(const std::string& key, const Entry& e, int64_t now, const Timing& t) override;
    Result<bool> remove(const std::string& key) override;
    Result<StoreStats> stats() override;
    Result<uint64_t> expire(int64_t now, const Timing& t) override;

    uint64_t generation() const;

    using Map = std::map<std::string, Entry, std::less<>>;

private:
    class MapIo;
    JournalStore(const JournalOptions& o, std::string dir, uint64_t expire_limit, journal::DirLock lock, Map map,
                 uint64_t gen);

    Result<void> commit(std::span<Slot* const> batch);
    // Append buf_ (rotating first when needed) and sync per o_.sync; write_mu_ held.
    Result<void> write_buffer();
    // Snapshot of every entry as generation gen_+1, a new journal, old files removed; write_mu_ held.
    Result<void> rotate();
    void undo();  // map_mu_ held
    uint64_t trim(int64_t now, const Timing& t, size_t scan, uint64_t max_delete);  // map_mu_ held

    JournalOptions o_;
    std::string dir_;
    uint64_t expire_limit_;
    journal::DirLock lock_;
    std::mutex write_mu_;  // one writer at a time: the group commit leader or an admin write
    mutable std::mutex map_mu_;
    Map map_;
    std::string trim_pos_;
    mutable std::mutex file_mu_;  // file_ and gen_, for the periodic syncer and generation()
    std::shared_ptr<journal::JournalFile> file_;
    uint64_t gen_;
    bool broken_ = false;  // the last append or sync failed
    std::string buf_;      // the records of the write in progress
    std::vector<std::pair<Map::iterator, std::optional<Entry>>> undo_;
    std::atomic<bool> stopping_{false};
    std::thread spare_;  // zeroes the next journal after each rotation
    GroupCommit group_;
    std::unique_ptr<PeriodicSync> syncer_;  // sync = periodic only
};

}  // namespace mp::greylist
