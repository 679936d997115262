// journal_store.cpp: see journal_store.hpp; open() and recovery are in
// journal_open.cpp. Locks, always taken in this order: write_mu_ (the one
// writer, held across its disk wait: only a concurrent admin write waits for
// it, decisions queue in the group commit instead), map_mu_ (the entries,
// never held across a disk wait), file_mu_ (which file is current).
#include "greylist/journal_store.hpp"

#include <unistd.h>

#include "greylist/batch.hpp"
#include "greylist/journal_record.hpp"
#include "util/log.hpp"

namespace mp::greylist {

// The batch's reads and writes on the map (map_mu_ held): each write is
// applied at once, remembered for undo() and appended to buf_ as a record.
class JournalStore::MapIo final : public BatchIo {
public:
    explicit MapIo(JournalStore& s) : s_(s) {}
    int load(const std::string& key, std::optional<Entry>& out) override {
        auto it = s_.map_.find(key);
        if (it != s_.map_.end()) out = it->second;
        return 0;
    }
    int save(const std::string& key, const Entry& e) override {
        if (!journal::append_put(s_.buf_, key, e)) return 1;
        auto [it, inserted] = s_.map_.try_emplace(key, e);
        s_.undo_.emplace_back(it, inserted ? std::nullopt : std::optional<Entry>(it->second));
        it->second = e;
        return 0;
    }

private:
    JournalStore& s_;
};

JournalStore::JournalStore(const JournalOptions& o, std::string dir, uint64_t expire_limit, journal::DirLock lock,
                           Map map, uint64_t gen)
    : o_(o),
      dir_(std::move(dir)),
      expire_limit_(expire_limit),
      lock_(std::move(lock)),
      map_(std::move(map)),
      gen_(gen),
      group_(o.queue, o.timeout, [this](std::span<Slot* const> batch) { return commit(batch); },
             o.sync == JournalOptions::Sync::Full ? GroupCommit::Committer::Thread : GroupCommit::Committer::Caller) {
    if (o.sync == JournalOptions::Sync::Periodic)
        syncer_ = std::make_unique<PeriodicSync>(
            [this]() -> Result<void> {
                std::shared_ptr<journal::JournalFile> f;
                {
                    std::lock_guard lk(file_mu_);
                    f = file_;
                }
                return f ? f->sync() : Result<void>{};
            },
            o.sync_interval, "greylisting journal " + dir_);
}

JournalStore::~JournalStore() {
    auto c = group_.counters();
    if (c.batches)
        util::log_info("", "greylisting journal " + dir_ + ": " + std::to_string(c.decisions) + " decisions in " +
                               std::to_string(c.batches) + " commits");
    syncer_.reset();  // stops its thread, then a last sync
    stopping_ = true;
    if (spare_.joinable()) spare_.join();
}

uint64_t JournalStore::generation() const {
    std::lock_guard lk(file_mu_);
    return gen_;
}

// A key the journal cannot hold fails alone, before it could fail a batch.
Result<Outcome> JournalStore::decide(const Keys& keys, int64_t now, const Policy& p) {
    if (keys.key.size() > journal::kMaxKey || keys.client.size() > journal::kMaxKey)
        return fail("greylisting journal: a key longer than " + std::to_string(journal::kMaxKey) + " bytes");
    return group_.decide(keys, now, p);
}

Result<void> JournalStore::commit(std::span<Slot* const> batch) {
    std::lock_guard w(write_mu_);
    buf_.clear();
    undo_.clear();
    {
        std::lock_guard m(map_mu_);
        MapIo io(*this);
        if (apply_batch(io, batch) != 0) {
            undo();
            return fail("greylisting journal: a key longer than " + std::to_string(journal::kMaxKey) + " bytes");
        }
    }
    auto r = write_buffer();
    std::lock_guard m(map_mu_);
    if (!r) {
        undo();
        return r;
    }
    const Slot& last = *batch.back();
    if (map_.size() > expire_limit_)
        trim(last.now, last.policy.timing, kTrimScan * batch.size(), map_.size() - expire_limit_);
    return {};
}

void JournalStore::undo() {
    for (auto it = undo_.rbegin(); it != undo_.rend(); ++it) {
        if (it->second)
            it->first->second = *it->second;
        else
            map_.erase(it->first);
    }
    undo_.clear();
}

Result<void> JournalStore::write_buffer() {
    if (buf_.empty()) return {};
    if (broken_ || buf_.size() > file_->room())
        if (auto r = rotate(); !r) return r;
    auto r = file_->append(buf_);
    if (r && o_.sync == JournalOptions::Sync::Full) r = file_->sync();
    if (!r) {
        broken_ = true;
        util::log_error("", r.error().message + "; the next write starts a new journal");
        return r;
    }
    if (syncer_) syncer_->committed();
    return {};
}

Result<void> JournalStore::rotate() {
    uint64_t next = gen_ + 1;
    std::string snap = journal::header(journal::kSnapshotMagic, next);
    {
        std::lock_guard m(map_mu_);
        for (const auto& [k, e] : map_) journal::append_put(snap, k, e);
    }
    if (auto r = journal::write_snapshot(dir_, next, snap); !r) return r;
    if (spare_.joinable()) spare_.join();
    auto f = journal::JournalFile::create(dir_, next, o_.journal_size);
    if (!f) return fail(f.error().message);
    uint64_t old = gen_;
    {
        std::lock_guard lk(file_mu_);
        file_ = std::make_shared<journal::JournalFile>(std::move(*f));
        gen_ = next;
    }
    broken_ = false;
    unlink(journal::journal_path(dir_, old).c_str());
    unlink(journal::snapshot_path(dir_, old).c_str());
    spare_ = std::thread([this] {
        auto r = journal::prepare_spare(dir_, o_.journal_size, &stopping_);
        if (!r && !stopping_) util::log_error("", r.error().message + " (the next rotation makes it)");
    });
    return {};
}

uint64_t JournalStore::trim(int64_t now, const Timing& t, size_t scan, uint64_t max_delete) {
    auto it = map_.lower_bound(trim_pos_);
    uint64_t deleted = 0;
    for (size_t i = 0; i < scan && it != map_.end() && deleted < max_delete; ++i) {
        if (expired(it->second, now, t)) {
            it = map_.erase(it);
            ++deleted;
        } else {
            ++it;
        }
    }
    trim_pos_ = it == map_.end() ? std::string() : it->first;
    return deleted;
}

}  // namespace mp::greylist
