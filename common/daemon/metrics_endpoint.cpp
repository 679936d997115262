// metrics_endpoint.cpp: see metrics_endpoint.hpp.
#include "daemon/metrics_endpoint.hpp"

#include "greylist/greylister.hpp"
#include "metrics/events.hpp"
#include "metrics/options.hpp"
#include "metrics/registry.hpp"
#include "util/log.hpp"

namespace mp::daemon {

Result<std::unique_ptr<metrics::Server>> start_metrics(const policy::Runtime& runtime) {
    metrics::register_all();
    metrics::registry().gauge_fn("milterpack_greylist_entries", "entries in the greylisting store", "",
                                 [&runtime]() -> std::optional<double> {
                                     auto g = runtime.current()->greylister();
                                     if (!g) return std::nullopt;
                                     auto n = g->size();
                                     return n ? std::optional<double>(double(*n)) : std::nullopt;
                                 });
    std::string listen = runtime.current()->metrics().listen;
    if (listen.empty()) return std::unique_ptr<metrics::Server>();
    auto srv = metrics::Server::start(listen);
    if (!srv) return fail(srv.error().message);
    util::log_notice("", "metrics on http://" + listen + "/metrics");
    return srv;
}

}  // namespace mp::daemon
