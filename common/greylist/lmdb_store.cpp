// lmdb_store.cpp: see lmdb_store.hpp. LMDB pitfalls handled here:
//  - a write txn's cursors must be closed before the commit (they are scoped
//    inside trim());
//  - after mdb_cursor_del the cursor already stands on the next item, and
//    MDB_NEXT returns that item (LMDB marks the cursor C_DEL), so the scan
//    loop steps with MDB_NEXT either way;
//  - mdb_env_set_mapsize needs no txn of this process open: every txn holds
//    resize_mu_ shared, resizing takes it exclusive;
//  - an env must not be opened twice by one process (closing either drops the
//    process's locks): a registry of open paths refuses the second open.
#include "greylist/lmdb_store.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <set>

#include "greylist/batch.hpp"
#include "greylist/lmdb_txn.hpp"
#include "util/log.hpp"

namespace mp::greylist {

using lmdb::Cursor;
using lmdb::Txn;
using lmdb::val;
using lmdb::view;

namespace {

std::mutex g_open_mu;
std::set<std::string> g_open_paths;

// The batch's reads and writes in one write txn; values encoded on the stack.
class LmdbIo final : public BatchIo {
public:
    LmdbIo(MDB_txn* txn, MDB_dbi dbi) : txn_(txn), dbi_(dbi) {}
    int load(const std::string& key, std::optional<Entry>& out) override {
        MDB_val k = val(key), v;
        int rc = mdb_get(txn_, dbi_, &k, &v);
        if (rc == MDB_NOTFOUND) return 0;
        if (rc == 0) out = decode(view(v));  // unreadable values count as absent
        return rc;
    }
    int save(const std::string& key, const Entry& e) override {
        char buf[kEncodedMax];
        MDB_val k = val(key), v{encode_to(e, buf), buf};
        return mdb_put(txn_, dbi_, &k, &v, 0);
    }

private:
    MDB_txn* txn_;
    MDB_dbi dbi_;
};

int save(MDB_txn* txn, MDB_dbi dbi, const std::string& key, const Entry& e) { return LmdbIo(txn, dbi).save(key, e); }

Result<std::string> make_dir(const std::string& path) {
    if (mkdir(path.c_str(), 0750) != 0 && errno != EEXIST)
        return fail("lmdb: cannot create " + path + ": " + std::strerror(errno));
    char real[PATH_MAX];
    if (!realpath(path.c_str(), real)) return fail("lmdb: " + path + ": " + std::strerror(errno));
    return std::string(real);
}

}  // namespace

Result<std::unique_ptr<LmdbStore>> LmdbStore::open(const LmdbOptions& o, uint64_t expire_limit) {
    auto dir = make_dir(o.path);
    if (!dir) return fail(dir.error().message);
    std::lock_guard lk(g_open_mu);
    if (g_open_paths.count(*dir)) return fail("lmdb: " + *dir + " is already open in this process");
    MDB_env* raw = nullptr;
    int rc = mdb_env_create(&raw);
    Env env(raw);
    if (rc == 0) rc = mdb_env_set_mapsize(raw, o.map_size);
    unsigned flags = MDB_NOTLS;
    if (o.sync == LmdbOptions::Sync::Meta) flags |= MDB_NOMETASYNC;
    if (o.sync == LmdbOptions::Sync::None || o.sync == LmdbOptions::Sync::Periodic) flags |= MDB_NOSYNC;
    if (rc == 0) rc = mdb_env_open(raw, dir->c_str(), flags, 0640);
    MDB_dbi dbi = 0;
    if (rc == 0) {
        Txn txn;
        rc = mdb_txn_begin(raw, nullptr, 0, &txn.t);
        if (rc == 0) rc = mdb_dbi_open(txn.t, nullptr, 0, &dbi);
        if (rc == 0) rc = txn.commit();
    }
    if (rc != 0) return fail("lmdb: cannot open " + *dir + ": " + mdb_strerror(rc));
    g_open_paths.insert(*dir);
    return std::unique_ptr<LmdbStore>(new LmdbStore(std::move(env), dbi, *dir, o, expire_limit));
}

LmdbStore::LmdbStore(Env env, MDB_dbi dbi, std::string path, const LmdbOptions& o, uint64_t expire_limit)
    : env_(std::move(env)),
      dbi_(dbi),
      path_(std::move(path)),
      o_(o),
      expire_limit_(expire_limit),
      group_(o.queue, o.timeout, [this](std::span<Slot* const> batch) { return commit(batch); },
             o.sync == LmdbOptions::Sync::Full || o.sync == LmdbOptions::Sync::Meta ? GroupCommit::Committer::Thread
                                                                                  : GroupCommit::Committer::Caller) {
    if (o.sync == LmdbOptions::Sync::Periodic)
        syncer_ = std::make_unique<PeriodicSync>(
            [env = env_.get()]() -> Result<void> {
                int rc = mdb_env_sync(env, 1);
                if (rc) return fail(mdb_strerror(rc));
                return {};
            },
            o.sync_interval, "greylisting lmdb " + path_);
}

LmdbStore::~LmdbStore() {
    auto c = group_.counters();
    if (c.batches)
        util::log_info("", "greylisting lmdb " + path_ + ": " + std::to_string(c.decisions) + " decisions in " +
                               std::to_string(c.batches) + " commits");
    syncer_.reset();  // stops its thread, then a last sync
    env_.reset();
    std::lock_guard lk(g_open_mu);
    g_open_paths.erase(path_);
}

uint64_t LmdbStore::map_size() const {
    MDB_envinfo info;
    mdb_env_info(env_.get(), &info);
    return info.me_mapsize;
}

bool LmdbStore::grow() {
    std::unique_lock lk(resize_mu_);
    uint64_t cur = map_size();
    if (cur >= o_.max_map_size) return false;
    return mdb_env_set_mapsize(env_.get(), std::min(cur * 2, o_.max_map_size)) == 0;
}

void LmdbStore::adopt_size() {
    std::unique_lock lk(resize_mu_);
    mdb_env_set_mapsize(env_.get(), 0);
}

Result<void> LmdbStore::status(int rc) const {
    if (rc == 0) return {};
    return fail("lmdb " + path_ + ": " + mdb_strerror(rc));
}

template <class Fn>
int LmdbStore::write(Fn&& fn) {
    int rc = 0;
    for (int attempt = 0; attempt < 8; ++attempt) {
        {
            std::shared_lock lk(resize_mu_);
            Txn txn;
            rc = mdb_txn_begin(env_.get(), nullptr, 0, &txn.t);
            if (rc == 0) rc = fn(txn.t);
            if (rc == 0) rc = txn.commit();
        }
        if (rc == 0 && syncer_) syncer_->committed();
        if (rc == MDB_MAP_RESIZED) {
            adopt_size();
        } else if (rc != MDB_MAP_FULL || !grow()) {
            break;
        }
    }
    return rc;
}

int LmdbStore::trim(MDB_txn* txn, int64_t now, const Timing& t, int scan, uint64_t max_delete, uint64_t& deleted,
                    bool& wrapped) {
    std::lock_guard lk(trim_mu_);
    MDB_cursor* raw = nullptr;
    int rc = mdb_cursor_open(txn, dbi_, &raw);
    if (rc) return rc;
    Cursor cur(raw);
    MDB_val k = val(trim_pos_), v;
    rc = mdb_cursor_get(raw, &k, &v, trim_pos_.empty() ? MDB_FIRST : MDB_SET_RANGE);
    wrapped = false;
    for (int i = 0; i < scan && rc == 0 && deleted < max_delete; ++i) {
        auto e = decode(view(v));
        if (!e || expired(*e, now, t)) {
            if ((rc = mdb_cursor_del(raw, 0))) return rc;
            ++deleted;
        }
        rc = mdb_cursor_get(raw, &k, &v, MDB_NEXT);
    }
    if (rc == MDB_NOTFOUND) {
        trim_pos_.clear();
        wrapped = true;
        return 0;
    }
    if (rc == 0) trim_pos_ = std::string(view(k));
    return rc;
}

Result<Outcome> LmdbStore::decide(const Keys& keys, int64_t now, const Policy& p) {
    return group_.decide(keys, now, p);
}

// One write txn for the whole batch (group_commit.hpp), then one trim step
// scaled to the batch: what per-decision txns would have scanned.
Result<void> LmdbStore::commit(std::span<Slot* const> batch) {
    const Slot& last = *batch.back();
    int result = write([&](MDB_txn* txn) {
        LmdbIo io(txn, dbi_);
        int rc = apply_batch(io, batch);
        MDB_stat st;
        if (rc || (rc = mdb_stat(txn, dbi_, &st))) return rc;
        uint64_t deleted = 0;
        bool wrapped = false;
        if (st.ms_entries <= expire_limit_) return 0;
        int scan = kTrimScan * int(batch.size());
        return trim(txn, last.now, last.policy.timing, scan, st.ms_entries - expire_limit_, deleted, wrapped);
    });
    if (result == MDB_MAP_FULL) relieve(last.now, last.policy.timing);
    return status(result);
}

// The map is full at max_map_size: free what is expired in one bounded
// batch, whatever expire_limit says, so that later decisions may fit again.
void LmdbStore::relieve(int64_t now, const Timing& t) {
    uint64_t deleted = 0;
    bool wrapped = false;
    write([&](MDB_txn* txn) { return trim(txn, now, t, kTrimScan * 16, UINT64_MAX, deleted, wrapped); });
}

Result<uint64_t> LmdbStore::expire(int64_t now, const Timing& t) {
    uint64_t deleted = 0;
    {
        std::lock_guard lk(trim_mu_);
        trim_pos_.clear();
    }
    for (bool wrapped = false; !wrapped;) {
        uint64_t batch = 0;
        int rc = write([&](MDB_txn* txn) {
            batch = 0;
            return trim(txn, now, t, 1000, UINT64_MAX, batch, wrapped);
        });
        if (auto r = status(rc); !r) return fail(r.error().message);
        deleted += batch;
    }
    return deleted;
}

Result<void> LmdbStore::put(const std::string& key, const Entry& e, int64_t, const Timing&) {
    return status(write([&](MDB_txn* txn) { return save(txn, dbi_, key, e); }));
}

Result<bool> LmdbStore::remove(const std::string& key) {
    bool found = false;
    int result = write([&](MDB_txn* txn) {
        MDB_val k = val(key);
        int rc = mdb_del(txn, dbi_, &k, nullptr);
        found = rc == 0;
        return rc == MDB_NOTFOUND ? 0 : rc;
    });
    if (auto r = status(result); !r) return fail(r.error().message);
    return found;
}

}  // namespace mp::greylist
