// events.hpp: the metrics milterpack's policy core records, by name, so the
// hooks in common/policy and common/scan are one call each:
//   metrics::decision("rcpt", "tempfail", metrics::Reason::Greylisting);
//   metrics::Timer t(metrics::greylist_latency());   // around one store call
// Every series below is registered on first use (a function-local static:
// after that, no lock), or all at once by register_all(). Names and labels (all prefixed milterpack_):
//   decisions_total{stage,action,reason}   every logged decision
//   sessions (gauge), sessions_total        SMTP sessions open / seen
//   greylist_checks_total{result}           pass, greylisted, error
//   scans_total{scanner,result}             clean, infected, blocked, oversize, failed
//   dkim_signatures_total, dkim_failures_total
//   backend_seconds{backend[,scanner]}      latency of greylist, dkim, scanner
//   greylist_entries (gauge)                the store's size, read at scrape
#pragma once
#include <string_view>

#include "metrics/registry.hpp"

namespace mp::metrics {

// Which check made a decision.
enum class Reason { None, Access, Protected, Greylisting, StoreError, Content, Discarded };
inline constexpr int kReasons = 7;
const char* reason_name(Reason r);

// stage: connect helo mail rcpt data eom; action: verdict::action_name().
// Unknown names are counted under "other".
void decision(std::string_view stage, std::string_view action, Reason reason);
// Registers every fixed series now (the daemons, at start), so the first
// scrape shows them all at 0 instead of each from its first event on.
void register_all();
void session_opened();
void session_closed();

enum class GreylistResult { Pass, Greylisted, Error };
void greylist_check(GreylistResult r);
Histogram& greylist_latency();

void dkim_signed(int signatures);
void dkim_failed();
Histogram& dkim_latency();

// The counters and histogram of one scanner (by its section label, else its
// kind), registered when the scanner is built.
struct ScannerSeries {
    Counter *clean, *infected, *blocked, *oversize, *failed;
    Histogram* latency;
};
ScannerSeries scanner_series(std::string_view name);

}  // namespace mp::metrics
