// registry.hpp: every metric of the process by name and labels, and their
// Prometheus text exposition (format 0.0.4):
//   auto& c = metrics::registry().counter("milterpack_sessions_total", "SMTP sessions seen");
//   c.inc();                                  // hot path: no lock
//   std::string text = metrics::registry().render();
// Registering takes a lock and is done once per series (at start-up or when
// a configuration loads); asking again for the same name and labels returns
// the same object, so a reload does not reset or duplicate a series. Series
// are never removed: references stay valid for the life of the process.
// Labels are written as Prometheus does: label("stage", "rcpt") + "," + ...
#pragma once
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "metrics/series.hpp"

namespace mp::metrics {

// `name="value"` with the value escaped (backslash, double quote, newline).
std::string label(std::string_view name, std::string_view value);

class Registry {
public:
    using Sample = std::function<std::optional<double>()>;  // nullopt: no value now

    Counter& counter(std::string_view name, std::string_view help, const std::string& labels = "");
    Gauge& gauge(std::string_view name, std::string_view help, const std::string& labels = "");
    Histogram& histogram(std::string_view name, std::string_view help, const std::string& labels = "");
    // A gauge computed at each scrape (a store's size); replaces the function
    // an earlier call gave for the same name and labels.
    void gauge_fn(std::string_view name, std::string_view help, const std::string& labels, Sample fn);
    std::string render() const;

private:
    enum class Kind { Counter, Gauge, Histogram };
    struct Series {
        std::string labels;
        std::unique_ptr<Counter> counter;
        std::unique_ptr<Gauge> gauge;
        std::unique_ptr<Histogram> histogram;
        Sample sample;
    };
    struct Family {
        std::string name, help;
        Kind kind;
        std::deque<Series> series;
    };
    Series& series(std::string_view name, std::string_view help, Kind kind, const std::string& labels);
    static void render_family(const Family& f, std::string& out);

    mutable std::mutex mu_;
    std::deque<Family> families_;
};

// The process's registry.
Registry& registry();

}  // namespace mp::metrics
