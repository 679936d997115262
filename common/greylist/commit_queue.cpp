// commit_queue.cpp: see commit_queue.hpp. Every vector is reserved to the
// capacity in the constructor; push_back never reallocates afterwards.
#include "greylist/commit_queue.hpp"

#include <algorithm>

namespace mp::greylist {

using Stage = Slot::Stage;

CommitQueue::CommitQueue(size_t capacity) : slots_(std::max<size_t>(capacity, 1)) {
    free_.reserve(slots_.size());
    pending_.reserve(slots_.size());
    batch_.reserve(slots_.size());
    batch_ids_.reserve(slots_.size());
    for (size_t i = slots_.size(); i-- > 0;) free_.push_back(uint32_t(i));
}

std::optional<uint32_t> CommitQueue::push(const Keys& keys, int64_t now, const Policy& p) {
    if (free_.empty()) return std::nullopt;
    uint32_t i = free_.back();
    free_.pop_back();
    Slot& s = slots_[i];
    s.key.assign(keys.key);
    s.client.assign(keys.client);
    s.now = now;
    s.policy = p;
    s.out = Outcome{};
    s.ok = false;
    s.stage = Stage::Pending;
    pending_.push_back(i);
    return i;
}

std::span<Slot* const> CommitQueue::take() {
    batch_.clear();
    batch_ids_.clear();
    for (uint32_t i : pending_) {
        slots_[i].stage = Stage::InFlight;
        batch_.push_back(&slots_[i]);
        batch_ids_.push_back(i);
    }
    pending_.clear();
    return batch_;
}

void CommitQueue::finish(bool ok, std::string error) {
    for (uint32_t i : batch_ids_) {
        Slot& s = slots_[i];
        if (s.stage == Stage::Abandoned) {
            release(i);
            continue;
        }
        s.ok = ok;
        if (!ok) s.error.assign(error);
        s.stage = Stage::Done;
    }
    batch_.clear();
    batch_ids_.clear();
}

void CommitQueue::abandon(uint32_t i) {
    Slot& s = slots_[i];
    if (s.stage == Stage::Pending) {
        pending_.erase(std::find(pending_.begin(), pending_.end(), i));
        release(i);
    } else if (s.stage == Stage::InFlight) {
        s.stage = Stage::Abandoned;
    } else if (s.stage == Stage::Done) {
        release(i);
    }
}

Result<Outcome> CommitQueue::collect(uint32_t i) {
    Slot& s = slots_[i];
    release(i);  // the slot's fields stay as they are until the next push
    if (!s.ok) return fail(s.error);
    return s.out;
}

void CommitQueue::release(uint32_t i) {
    slots_[i].stage = Stage::Free;
    free_.push_back(i);
}

}  // namespace mp::greylist
