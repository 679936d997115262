// metrics_endpoint.hpp: the daemons' side of metrics: the HTTP endpoint the
// configuration's `metrics { listen = ...; }` asks for, and the gauges read
// at each scrape (the greylisting store's entries, from the Engine current
// at that moment). Called once the daemon runs as its user:
//   auto endpoint = daemon::start_metrics(runtime);   // keep it alive while serving
// The listen address is read at start-up only: a reload that changes it
// takes effect at the next start (the endpoint keeps serving meanwhile).
#pragma once
#include <memory>

#include "metrics/http.hpp"
#include "policy/engine.hpp"
#include "util/result.hpp"

namespace mp::daemon {

// Null (success) when the configuration asks for no endpoint.
Result<std::unique_ptr<metrics::Server>> start_metrics(const policy::Runtime& runtime);

}  // namespace mp::daemon
