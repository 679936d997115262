// hold.cpp: see hold.hpp.
#include "scan/hold.hpp"

#include <variant>

namespace mp::scan {

namespace {

int64_t ns(Clock::time_point t) {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count();
}

}  // namespace

std::chrono::milliseconds Hold::left(Clock::time_point now) const {
    int64_t rest = until_ns_.load(std::memory_order_relaxed) - ns(now);
    if (rest <= 0) return std::chrono::milliseconds(0);
    return std::chrono::ceil<std::chrono::milliseconds>(std::chrono::nanoseconds(rest));
}

void Hold::after_scan(bool timed_out, Clock::time_point now, std::chrono::milliseconds hold) {
    if (!timed_out || hold.count() <= 0) return;
    int64_t until = ns(now + hold);
    int64_t seen = until_ns_.load(std::memory_order_relaxed);
    // Only ever later: a scan that timed out long ago must not shorten a newer pause.
    while (seen < until && !until_ns_.compare_exchange_weak(seen, until, std::memory_order_relaxed)) {
    }
}

bool timed_out(const Outcome& o, Clock::duration elapsed, std::chrono::milliseconds timeout) {
    return std::holds_alternative<Failed>(o) && elapsed >= timeout;
}

}  // namespace mp::scan
