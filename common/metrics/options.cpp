// options.cpp: see options.hpp.
#include "metrics/options.hpp"

namespace mp::metrics {

Result<util::Endpoint> parse_listen(const std::string& text) {
    auto colon = text.rfind(':');
    if (colon == std::string::npos || colon + 1 == text.size())
        return fail("metrics listen '" + text + "': want HOST:PORT, e.g. 127.0.0.1:9465");
    std::string host = text.substr(0, colon), port = text.substr(colon + 1);
    bool v6 = host.size() > 2 && host.front() == '[' && host.back() == ']';
    if (v6) host = host.substr(1, host.size() - 2);
    auto ep = util::Endpoint::parse((v6 ? "inet6:" : "inet:") + port + "@" + host);
    if (!ep) return fail("metrics listen '" + text + "': " + ep.error().message);
    return ep;
}

const config::Table<Options>& table() {
    using O = Options;
    static const config::Table<O> t{{
        .name = "metrics",
        .doc = "counters, gauges and latency histograms in the Prometheus text format, served over HTTP "
               "at GET /metrics and printed by `milterpack stats`",
        .rows = {
            {.name = "listen", .type = config::Type::String, .def = "", .to = config::to<&O::listen>(),
             .doc = "numeric HOST:PORT to serve on, e.g. 127.0.0.1:9465 or [::1]:9465; empty = no endpoint"},
        },
        .rules = {{.options = {"listen"},
                   .message = "listen must be a numeric HOST:PORT, e.g. 127.0.0.1:9465 or [::1]:9465",
                   .holds = [](const O& o) { return o.listen.empty() || parse_listen(o.listen).has_value(); }}},
    }};
    return t;
}

}  // namespace mp::metrics
