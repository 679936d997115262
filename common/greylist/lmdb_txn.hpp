// lmdb_txn.hpp: small RAII pieces shared by the LMDB store's files: a txn that
// aborts unless committed, a cursor handle, and MDB_val <-> string views.
#pragma once
#include <lmdb.h>

#include <string>
#include <string_view>

#include "util/raii.hpp"

namespace mp::greylist::lmdb {

struct Txn {
    MDB_txn* t = nullptr;
    Txn() = default;
    Txn(const Txn&) = delete;
    Txn& operator=(const Txn&) = delete;
    ~Txn() {
        if (t) mdb_txn_abort(t);
    }
    int commit() {
        int rc = mdb_txn_commit(t);
        t = nullptr;
        return rc;
    }
};

using Cursor = util::Handle<MDB_cursor, mdb_cursor_close>;

inline MDB_val val(const std::string& s) { return MDB_val{s.size(), const_cast<char*>(s.data())}; }
inline std::string_view view(const MDB_val& v) { return {static_cast<const char*>(v.mv_data), v.mv_size}; }

}  // namespace mp::greylist::lmdb
