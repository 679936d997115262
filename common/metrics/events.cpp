// events.cpp: see events.hpp.
#include "metrics/events.hpp"

#include <array>
#include <string>

namespace mp::metrics {

namespace {

constexpr std::array<std::string_view, 7> kStages = {"connect", "helo", "mail", "rcpt", "data", "eom", "other"};
constexpr std::array<std::string_view, 7> kActions = {"continue", "accept",     "reject", "tempfail",
                                                      "discard",  "quarantine", "other"};

template <std::size_t N>
std::size_t index_of(const std::array<std::string_view, N>& names, std::string_view name) {
    for (std::size_t i = 0; i + 1 < N; ++i)
        if (names[i] == name) return i;
    return N - 1;
}

using Matrix = std::array<std::array<std::array<Counter*, kReasons>, kActions.size()>, kStages.size()>;

const Matrix& decisions() {
    static const Matrix m = [] {
        Matrix out{};
        for (std::size_t s = 0; s < kStages.size(); ++s)
            for (std::size_t a = 0; a < kActions.size(); ++a)
                for (int r = 0; r < kReasons; ++r)
                    out[s][a][r] = &registry().counter(
                        "milterpack_decisions_total", "decisions logged, by stage, action and the check that decided",
                        label("stage", kStages[s]) + "," + label("action", kActions[a]) + "," +
                            label("reason", reason_name(Reason(r))));
        return out;
    }();
    return m;
}

Gauge& open_sessions() {
    static Gauge& g = registry().gauge("milterpack_sessions", "SMTP sessions open now");
    return g;
}

Counter& sessions_total() {
    static Counter& c = registry().counter("milterpack_sessions_total", "SMTP sessions seen");
    return c;
}

Counter& dkim_failures() {
    static Counter& c = registry().counter("milterpack_dkim_failures_total", "messages DKIM signing failed for");
    return c;
}

Counter& greylist_counter(GreylistResult r) {
    static const char* help = "greylisting decisions by result (error: the store failed)";
    static Counter* c[3] = {&registry().counter("milterpack_greylist_checks_total", help, label("result", "pass")),
                            &registry().counter("milterpack_greylist_checks_total", help, label("result", "greylisted")),
                            &registry().counter("milterpack_greylist_checks_total", help, label("result", "error"))};
    return *c[int(r)];
}

Histogram& backend(std::string_view name, const std::string& more = "") {
    std::string labels = label("backend", name);
    if (!more.empty()) labels += "," + more;
    return registry().histogram("milterpack_backend_seconds", "latency of one backend call in seconds", labels);
}

}  // namespace

const char* reason_name(Reason r) {
    static const char* names[kReasons] = {"none",       "access",  "protected", "greylisting",
                                          "store_error", "content", "discarded"};
    return names[int(r)];
}

void decision(std::string_view stage, std::string_view action, Reason reason) {
    decisions()[index_of(kStages, stage)][index_of(kActions, action)][int(reason)]->inc();
}

void register_all() {
    decisions();
    open_sessions();
    sessions_total();
    for (auto r : {GreylistResult::Pass, GreylistResult::Greylisted, GreylistResult::Error}) greylist_counter(r);
    greylist_latency();
    dkim_signed(0);
    dkim_failures();
    dkim_latency();
}

void session_opened() {
    sessions_total().inc();
    open_sessions().add(1);
}

void session_closed() { open_sessions().add(-1); }

void greylist_check(GreylistResult r) { greylist_counter(r).inc(); }

Histogram& greylist_latency() {
    static Histogram& h = backend("greylist");
    return h;
}

void dkim_signed(int signatures) {
    static Counter& c = registry().counter("milterpack_dkim_signatures_total", "DKIM signatures added");
    c.inc(uint64_t(signatures));
}

void dkim_failed() {
    dkim_failures().inc();
}

Histogram& dkim_latency() {
    static Histogram& h = backend("dkim");
    return h;
}

ScannerSeries scanner_series(std::string_view name) {
    auto counter = [&](const char* result) {
        return &registry().counter("milterpack_scans_total", "messages scanned, by scanner and result",
                                   label("scanner", name) + "," + label("result", result));
    };
    return {counter("clean"),  counter("infected"), counter("blocked"),
            counter("oversize"), counter("failed"), &backend("scanner", label("scanner", name))};
}

}  // namespace mp::metrics
