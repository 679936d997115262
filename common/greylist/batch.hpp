// batch.hpp: one write transaction's worth of decisions, as a pure function
// over a key/value interface, so the batch semantics are tested on a map
// (tests/unit/test_greylist_batch.cpp) and run on LMDB (lmdb_store.cpp).
//
//   LmdbIo io{txn, dbi};                      // BatchIo over a write txn
//   int rc = apply_batch(io, queue.take());   // 0, or the first store error
//
// Guarantees: the slots are decided in order, each one reading what the
// earlier ones wrote (the same key twice in one batch: the second attempt
// sees the first's entry, exactly as two transactions in a row would). The
// first error stops the batch and is returned; the caller then aborts the
// transaction, so none of the batch's writes remain and every slot fails.
#pragma once
#include <optional>
#include <span>
#include <string>

#include "greylist/commit_queue.hpp"

namespace mp::greylist {

// Reads and writes inside one transaction. Return 0 or a store error code.
class BatchIo {
public:
    virtual ~BatchIo() = default;
    // Absent (and 0) when the key is missing or its value unreadable.
    virtual int load(const std::string& key, std::optional<Entry>& out) = 0;
    virtual int save(const std::string& key, const Entry& e) = 0;
};

int apply_batch(BatchIo& io, std::span<Slot* const> batch);

}  // namespace mp::greylist
