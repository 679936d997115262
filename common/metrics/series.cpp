// series.cpp: see series.hpp.
#include "metrics/series.hpp"

namespace mp::metrics {

unsigned shard_index() {
    static std::atomic<unsigned> next{0};
    thread_local unsigned mine = next.fetch_add(1, std::memory_order_relaxed) % kShards;
    return mine;
}

uint64_t Counter::value() const {
    uint64_t sum = 0;
    for (const auto& c : cells_) sum += c.v.load(std::memory_order_relaxed);
    return sum;
}

void Histogram::observe(std::chrono::nanoseconds d) {
    double s = double(d.count()) / 1e9;
    std::size_t i = 0;
    while (i < kBounds.size() && s > kBounds[i]) ++i;
    buckets_[i].fetch_add(1, std::memory_order_relaxed);
    count_.fetch_add(1, std::memory_order_relaxed);
    sum_ns_.fetch_add(uint64_t(d.count() < 0 ? 0 : d.count()), std::memory_order_relaxed);
}

uint64_t Histogram::cumulative(std::size_t i) const {
    uint64_t n = 0;
    for (std::size_t b = 0; b <= i && b < buckets_.size(); ++b) n += buckets_[b].load(std::memory_order_relaxed);
    return n;
}

void Timer::stop() {
    if (!h_) return;
    h_->observe(std::chrono::steady_clock::now() - start_);
    h_ = nullptr;
}

}  // namespace mp::metrics
