// test_metrics_registry.cpp: the Prometheus text exposition (HELP/TYPE lines,
// labels, escaping, histogram buckets cumulative with +Inf == count), the same
// series for the same name and labels, gauges computed at render, and
// counters summed over the threads' shards.
#include <doctest/doctest.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "metrics/registry.hpp"

using namespace mp::metrics;
using std::chrono::microseconds;
using std::chrono::milliseconds;

TEST_CASE("label values are escaped") {
    struct Row { std::string value, want; };
    const Row rows[] = {
        {"rcpt", R"(k="rcpt")"},
        {"a\"b", R"(k="a\"b")"},
        {"a\\b", R"(k="a\\b")"},
        {"a\nb", R"(k="a\nb")"},
    };
    for (const auto& r : rows) CHECK(label("k", r.value) == r.want);
}

TEST_CASE("counters and gauges render with HELP, TYPE and labels") {
    Registry reg;
    auto& c = reg.counter("t_total", "things", label("kind", "a"));
    c.inc();
    c.inc(4);
    CHECK(&reg.counter("t_total", "things", label("kind", "a")) == &c);
    reg.counter("t_total", "things", label("kind", "b"));
    reg.gauge("t_open", "open now").add(3);
    reg.gauge_fn("t_size", "computed", "", [] { return std::optional<double>(42); });
    reg.gauge_fn("t_none", "no value now", "", [] { return std::optional<double>(); });
    std::string text = reg.render();
    CHECK(text.find("# HELP t_total things\n# TYPE t_total counter\n"
                    "t_total{kind=\"a\"} 5\nt_total{kind=\"b\"} 0\n") != std::string::npos);
    CHECK(text.find("# TYPE t_open gauge\nt_open 3\n") != std::string::npos);
    CHECK(text.find("t_size 42\n") != std::string::npos);
    CHECK(text.find("# TYPE t_none gauge\n") != std::string::npos);
    CHECK(text.find("\nt_none ") == std::string::npos);
}

TEST_CASE("histogram buckets are cumulative; +Inf equals count") {
    Registry reg;
    auto& h = reg.histogram("t_seconds", "latency", label("backend", "x"));
    h.observe(microseconds(100));   // <= 0.0005
    h.observe(milliseconds(3));     // <= 0.005
    h.observe(milliseconds(3));
    h.observe(std::chrono::seconds(60));  // +Inf only
    std::string text = reg.render();
    struct Row { std::string line; };
    const Row rows[] = {
        {"t_seconds_bucket{backend=\"x\",le=\"0.0005\"} 1\n"},
        {"t_seconds_bucket{backend=\"x\",le=\"0.0025\"} 1\n"},
        {"t_seconds_bucket{backend=\"x\",le=\"0.005\"} 3\n"},
        {"t_seconds_bucket{backend=\"x\",le=\"5\"} 3\n"},
        {"t_seconds_bucket{backend=\"x\",le=\"+Inf\"} 4\n"},
        {"t_seconds_count{backend=\"x\"} 4\n"},
        {"t_seconds_sum{backend=\"x\"} 60.0061\n"},
    };
    for (const auto& r : rows) CHECK_MESSAGE(text.find(r.line) != std::string::npos, r.line, "\n", text);
}

TEST_CASE("a counter sums every thread's increments") {
    Registry reg;
    auto& c = reg.counter("t_threads_total", "from many threads");
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t)
        threads.emplace_back([&c] {
            for (int i = 0; i < 10000; ++i) c.inc();
        });
    for (auto& t : threads) t.join();
    CHECK(c.value() == 80000);
}
