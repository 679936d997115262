// registry.cpp: see registry.hpp.
#include "metrics/registry.hpp"

#include <cstdio>
#include <cstdlib>

namespace mp::metrics {

namespace {

const char* kind_text(int k) { return k == 0 ? "counter" : k == 1 ? "gauge" : "histogram"; }

// The shortest text that reads back as `v` ("0.0005", not "0.00050000000000000001").
std::string number(double v) {
    char buf[64];
    for (int precision = 6; precision <= 17; ++precision) {
        std::snprintf(buf, sizeof buf, "%.*g", precision, v);
        if (std::strtod(buf, nullptr) == v) break;
    }
    return buf;
}

// name{labels} value
void sample(std::string& out, std::string_view name, const std::string& labels, const std::string& value) {
    out += name;
    if (!labels.empty()) out += "{" + labels + "}";
    out += " " + value + "\n";
}

std::string with(const std::string& labels, const std::string& more) {
    return labels.empty() ? more : labels + "," + more;
}

}  // namespace

std::string label(std::string_view name, std::string_view value) {
    std::string s(name);
    s += "=\"";
    for (char c : value) {
        if (c == '\\' || c == '"') s += '\\';
        if (c == '\n') s += "\\n";
        else s += c;
    }
    return s + "\"";
}

Registry::Series& Registry::series(std::string_view name, std::string_view help, Kind kind, const std::string& labels) {
    Family* fam = nullptr;
    for (auto& f : families_)
        if (f.name == name) fam = &f;
    if (!fam) fam = &families_.emplace_back(Family{std::string(name), std::string(help), kind, {}});
    for (auto& s : fam->series)
        if (s.labels == labels) return s;
    Series& s = fam->series.emplace_back();
    s.labels = labels;
    if (kind == Kind::Counter) s.counter = std::make_unique<Counter>();
    if (kind == Kind::Gauge) s.gauge = std::make_unique<Gauge>();
    if (kind == Kind::Histogram) s.histogram = std::make_unique<Histogram>();
    return s;
}

Counter& Registry::counter(std::string_view name, std::string_view help, const std::string& labels) {
    std::lock_guard lk(mu_);
    return *series(name, help, Kind::Counter, labels).counter;
}

Gauge& Registry::gauge(std::string_view name, std::string_view help, const std::string& labels) {
    std::lock_guard lk(mu_);
    return *series(name, help, Kind::Gauge, labels).gauge;
}

Histogram& Registry::histogram(std::string_view name, std::string_view help, const std::string& labels) {
    std::lock_guard lk(mu_);
    return *series(name, help, Kind::Histogram, labels).histogram;
}

void Registry::gauge_fn(std::string_view name, std::string_view help, const std::string& labels, Sample fn) {
    std::lock_guard lk(mu_);
    series(name, help, Kind::Gauge, labels).sample = std::move(fn);
}

void Registry::render_family(const Family& f, std::string& out) {
    out += "# HELP " + f.name + " " + f.help + "\n# TYPE " + f.name + " " + kind_text(int(f.kind)) + "\n";
    for (const auto& s : f.series) {
        if (s.counter) sample(out, f.name, s.labels, std::to_string(s.counter->value()));
        if (s.gauge && !s.sample) sample(out, f.name, s.labels, std::to_string(s.gauge->value()));
        if (s.sample)
            if (auto v = s.sample()) sample(out, f.name, s.labels, number(*v));
        if (!s.histogram) continue;
        const Histogram& h = *s.histogram;
        for (std::size_t i = 0; i < Histogram::kBounds.size(); ++i)
            sample(out, f.name + "_bucket", with(s.labels, label("le", number(Histogram::kBounds[i]))),
                   std::to_string(h.cumulative(i)));
        uint64_t all = h.cumulative(Histogram::kBounds.size());
        sample(out, f.name + "_bucket", with(s.labels, label("le", "+Inf")), std::to_string(all));
        sample(out, f.name + "_sum", s.labels, number(h.sum_seconds()));
        sample(out, f.name + "_count", s.labels, std::to_string(all));
    }
}

std::string Registry::render() const {
    std::lock_guard lk(mu_);
    std::string out;
    for (const auto& f : families_) render_family(f, out);
    return out;
}

Registry& registry() {
    static Registry r;
    return r;
}

}  // namespace mp::metrics
