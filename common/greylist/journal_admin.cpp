// journal_admin.cpp: the administration side of JournalStore (list, get, put,
// remove, stats, expire). Writes go through the journal like decisions, as
// single-record commits; reads see the map.
#include "greylist/journal_record.hpp"
#include "greylist/journal_store.hpp"

namespace mp::greylist {

Result<std::vector<std::pair<std::string, Entry>>> JournalStore::list() {
    std::lock_guard m(map_mu_);
    return std::vector<std::pair<std::string, Entry>>(map_.begin(), map_.end());
}

Result<std::optional<Entry>> JournalStore::get(const std::string& key) {
    std::lock_guard m(map_mu_);
    auto it = map_.find(key);
    if (it == map_.end()) return std::optional<Entry>();
    return std::optional<Entry>(it->second);
}

Result<void> JournalStore::put(const std::string& key, const Entry& e, int64_t, const Timing&) {
    std::lock_guard w(write_mu_);
    buf_.clear();
    if (!journal::append_put(buf_, key, e)) return fail("greylisting journal: key too long");
    if (auto r = write_buffer(); !r) return r;
    std::lock_guard m(map_mu_);
    map_.insert_or_assign(key, e);
    return {};
}

Result<bool> JournalStore::remove(const std::string& key) {
    std::lock_guard w(write_mu_);
    {
        std::lock_guard m(map_mu_);
        if (map_.find(key) == map_.end()) return false;
    }
    buf_.clear();
    if (!journal::append_delete(buf_, key)) return fail("greylisting journal: key too long");
    if (auto r = write_buffer(); !r) return fail(r.error().message);
    std::lock_guard m(map_mu_);
    map_.erase(key);
    return true;
}

Result<StoreStats> JournalStore::stats() {
    std::lock_guard w(write_mu_);  // file_ is stable
    std::lock_guard m(map_mu_);
    StoreStats s;
    s.entries = map_.size();
    s.detail = "journal " + dir_ + ": generation " + std::to_string(gen_) + ", journal " +
               std::to_string(file_->used() >> 10) + " KB of " + std::to_string(o_.journal_size >> 10) + " KB";
    return s;
}

// Expired entries leave the map; the next snapshot (rotation or restart) drops them from disk.
Result<uint64_t> JournalStore::expire(int64_t now, const Timing& t) {
    std::lock_guard w(write_mu_);  // a commit in flight holds iterators into the map (undo_)
    std::lock_guard m(map_mu_);
    trim_pos_.clear();
    return trim(now, t, map_.size(), UINT64_MAX);
}

}  // namespace mp::greylist
