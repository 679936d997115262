// commit_queue.hpp: the bookkeeping of group commit (group_commit.hpp), with
// no threads and no clock so that unit tests drive it step by step.
//
// A fixed array of slots, allocated once: a decision waiting for the next
// write transaction copies its keys into a free slot (the slot's strings keep
// their capacity, so a warm queue allocates nothing) and is Pending; the
// committer take()s every pending slot as one batch (InFlight), writes them in
// one transaction and finish()es the batch: each slot is then Done, with its
// outcome or the batch's error, until its caller collect()s it. A caller that
// stops waiting abandon()s its slot: freed at once if still pending, at
// finish() if in flight (its decision may still be written).
//
// Guarantees: push() fails (nullopt) when every slot is taken (pending, in
// flight or done but not yet collected): the caller applies on_store_error. A batch keeps arrival order. Not thread-safe: the
// owner serializes calls (GroupCommit holds its mutex).
#pragma once
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "greylist/state.hpp"
#include "greylist/store.hpp"

namespace mp::greylist {

struct Slot {
    enum class Stage : uint8_t { Free, Pending, InFlight, Done, Abandoned };
    Stage stage = Stage::Free;
    std::string key, client;  // client empty: no auto-whitelist entry
    int64_t now = 0;
    Policy policy;
    Outcome out;        // set by the committer
    bool ok = false;    // the batch committed
    std::string error;  // why it did not (assigned on failure only)
};

class CommitQueue {
public:
    explicit CommitQueue(size_t capacity);

    // A slot for one decision, Pending; nullopt when the queue is full.
    std::optional<uint32_t> push(const Keys& keys, int64_t now, const Policy& p);
    // Every pending slot, in arrival order, now InFlight; empty when none.
    // The span stays valid until finish().
    std::span<Slot* const> take();
    // The in-flight batch is done: committed (ok) or failed with `error`.
    void finish(bool ok, std::string error = {});
    void abandon(uint32_t i);
    // The caller's result once Done; frees the slot.
    Result<Outcome> collect(uint32_t i);

    const Slot& slot(uint32_t i) const { return slots_[i]; }
    bool done(uint32_t i) const { return slots_[i].stage == Slot::Stage::Done; }
    size_t pending() const { return pending_.size(); }
    // The oldest pending slot (the next batch's first); pending() > 0.
    uint32_t first_pending() const { return pending_.front(); }
    // The slots of the batch in flight, until finish().
    std::span<const uint32_t> in_flight_ids() const { return batch_ids_; }
    bool in_flight() const { return !batch_.empty(); }
    size_t capacity() const { return slots_.size(); }

private:
    void release(uint32_t i);

    std::vector<Slot> slots_;
    std::vector<uint32_t> free_;     // stack of free slot numbers
    std::vector<uint32_t> pending_;  // arrival order
    std::vector<Slot*> batch_;       // in flight
    std::vector<uint32_t> batch_ids_;
};

}  // namespace mp::greylist
