// options.hpp: the `metrics { listen = "127.0.0.1:9465"; }` section. Absent
// (or listen empty) means no HTTP endpoint: the counters still count, and
// nothing listens. The address is numeric ("127.0.0.1:9465", "[::1]:9465"):
// the endpoint serves the Prometheus text on GET /metrics to whoever can
// connect, so it belongs on loopback or a management network.
#pragma once
#include <string>

#include "config/table.hpp"
#include "util/endpoint.hpp"
#include "util/result.hpp"

namespace mp::metrics {

struct Options {
    std::string listen;  // HOST:PORT, "" = no endpoint
    bool operator==(const Options&) const = default;
};

const config::Table<Options>& table();

// "127.0.0.1:9465" or "[::1]:9465" as a socket address.
Result<util::Endpoint> parse_listen(const std::string& text);

}  // namespace mp::metrics
