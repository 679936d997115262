// shared_slot.hpp: one shared_ptr that a writer replaces while other threads
// read it (the running configuration, a map file's current content). load()
// returns a snapshot the caller keeps for a whole decision; store() swaps in a
// new value, and the old one lives on in the snapshots still held.
//   util::SharedSlot<const Engine> current;  current.store(e);  auto snap = current.load();
// A mutex guards the pointer copy only (never held during a lookup; the old
// value is released after the lock). Not std::atomic<std::shared_ptr>: the
// libstdc++ 12 one releases its internal lock after a load with
// memory_order_relaxed, so the read in load() and the write of the next
// store() are not ordered (a data race by the C++ memory model, and what
// ThreadSanitizer reports).
#pragma once
#include <memory>
#include <mutex>

namespace mp::util {

template <class T>
class SharedSlot {
public:
    std::shared_ptr<T> load() const {
        std::lock_guard lock(mu_);
        return p_;
    }
    // `p` takes the old value and releases it when the caller's argument dies.
    void store(std::shared_ptr<T> p) {
        std::lock_guard lock(mu_);
        p_.swap(p);
    }

private:
    mutable std::mutex mu_;
    std::shared_ptr<T> p_;
};

}  // namespace mp::util
