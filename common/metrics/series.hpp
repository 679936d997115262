// series.hpp: the three kinds of metric value, each safe to update from any
// thread without a lock (std::atomic, relaxed order: a scrape may see one
// update before another, never a torn value):
//   Counter   only goes up; sharded, so threads on different cores do not
//             fight over one cache line: each thread adds to its own shard,
//             value() sums them.
//   Gauge     goes up and down (open sessions).
//   Histogram observations in fixed latency buckets (seconds), Prometheus
//             style: cumulative bucket counts, sum and count.
// Objects live in the Registry (registry.hpp) and never move; the hot path
// keeps a reference obtained once, at start-up or when a configuration loads.
#pragma once
#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>

namespace mp::metrics {

// This thread's shard, 0..kShards-1 (threads take them in turn).
unsigned shard_index();
inline constexpr unsigned kShards = 8;

class Counter {
public:
    void inc(uint64_t n = 1) { cells_[shard_index()].v.fetch_add(n, std::memory_order_relaxed); }
    uint64_t value() const;

private:
    struct alignas(64) Cell {
        std::atomic<uint64_t> v{0};
    };
    std::array<Cell, kShards> cells_{};
};

class Gauge {
public:
    void add(int64_t n) { v_.fetch_add(n, std::memory_order_relaxed); }
    int64_t value() const { return v_.load(std::memory_order_relaxed); }

private:
    std::atomic<int64_t> v_{0};
};

class Histogram {
public:
    // Upper bounds of the buckets in seconds (the last one, +Inf, is implied).
    static constexpr std::array<double, 12> kBounds = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                       0.05,   0.1,   0.25,   0.5,   1,    5};
    void observe(std::chrono::nanoseconds d);
    // Cumulative count of observations <= kBounds[i]; i == kBounds.size() is +Inf.
    uint64_t cumulative(std::size_t i) const;
    uint64_t count() const { return count_.load(std::memory_order_relaxed); }
    double sum_seconds() const { return double(sum_ns_.load(std::memory_order_relaxed)) / 1e9; }

private:
    std::array<std::atomic<uint64_t>, kBounds.size() + 1> buckets_{};
    std::atomic<uint64_t> count_{0};
    std::atomic<uint64_t> sum_ns_{0};
};

// Observes the time from construction to destruction (or to stop()) into `h`.
class Timer {
public:
    explicit Timer(Histogram& h) : h_(&h), start_(std::chrono::steady_clock::now()) {}
    ~Timer() { stop(); }
    Timer(const Timer&) = delete;
    Timer& operator=(const Timer&) = delete;
    void stop();

private:
    Histogram* h_;
    std::chrono::steady_clock::time_point start_;
};

}  // namespace mp::metrics
