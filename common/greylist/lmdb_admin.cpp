// lmdb_admin.cpp: the LMDB store's read side for `milterpack greylist`:
// list, show and stats, each in one read-only txn (a consistent snapshot that
// never blocks writers).
#include <sys/stat.h>

#include "greylist/lmdb_store.hpp"
#include "greylist/lmdb_txn.hpp"

namespace mp::greylist {

template <class Fn>
Result<void> LmdbStore::read(Fn&& fn) {
    int rc = 0;
    for (int attempt = 0; attempt < 2; ++attempt) {
        {
            std::shared_lock lk(resize_mu_);
            lmdb::Txn txn;
            rc = mdb_txn_begin(env_.get(), nullptr, MDB_RDONLY, &txn.t);
            if (rc == 0) rc = fn(txn.t);
        }
        if (rc != MDB_MAP_RESIZED) break;
        adopt_size();
    }
    if (rc == 0) return {};
    return fail("lmdb " + path_ + ": " + mdb_strerror(rc));
}

Result<std::vector<std::pair<std::string, Entry>>> LmdbStore::list() {
    std::vector<std::pair<std::string, Entry>> out;
    auto r = read([&](MDB_txn* txn) {
        out.clear();
        MDB_cursor* raw = nullptr;
        int rc = mdb_cursor_open(txn, dbi_, &raw);
        if (rc) return rc;
        lmdb::Cursor cur(raw);
        MDB_val k, v;
        for (rc = mdb_cursor_get(raw, &k, &v, MDB_FIRST); rc == 0; rc = mdb_cursor_get(raw, &k, &v, MDB_NEXT))
            if (auto e = decode(lmdb::view(v))) out.emplace_back(std::string(lmdb::view(k)), *e);
        return rc == MDB_NOTFOUND ? 0 : rc;
    });
    if (!r) return fail(r.error().message);
    return out;
}

Result<std::optional<Entry>> LmdbStore::get(const std::string& key) {
    std::optional<Entry> out;
    auto r = read([&](MDB_txn* txn) {
        MDB_val k = lmdb::val(key), v;
        int rc = mdb_get(txn, dbi_, &k, &v);
        if (rc == 0) out = decode(lmdb::view(v));
        return rc == MDB_NOTFOUND ? 0 : rc;
    });
    if (!r) return fail(r.error().message);
    return out;
}

Result<StoreStats> LmdbStore::stats() {
    StoreStats s;
    MDB_stat st{};
    auto r = read([&](MDB_txn* txn) { return mdb_stat(txn, dbi_, &st); });
    if (!r) return fail(r.error().message);
    s.entries = st.ms_entries;
    uint64_t used = uint64_t(st.ms_psize) * (st.ms_branch_pages + st.ms_leaf_pages + st.ms_overflow_pages);
    struct stat fs {};
    uint64_t file = ::stat((path_ + "/data.mdb").c_str(), &fs) == 0 ? uint64_t(fs.st_size) : 0;
    s.detail = "lmdb path=" + path_ + " map_size=" + std::to_string(map_size()) + " used_bytes=" +
               std::to_string(used) + " file_bytes=" + std::to_string(file);
    return s;
}

}  // namespace mp::greylist
