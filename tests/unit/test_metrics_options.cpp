// test_metrics_options.cpp: the metrics section's listen address: numeric
// HOST:PORT of either family, everything else refused with a message; the
// table's own consistency.
#include <doctest/doctest.h>

#include <string>

#include "metrics/options.hpp"

using namespace mp;

TEST_CASE("metrics listen addresses") {
    struct Row { std::string text; bool ok; std::string error_part; };
    const Row rows[] = {
        {"127.0.0.1:9465", true, ""},
        {"[::1]:9465", true, ""},
        {"0.0.0.0:1", true, ""},
        {"127.0.0.1", false, "want HOST:PORT"},
        {"127.0.0.1:", false, "want HOST:PORT"},
        {"127.0.0.1:99999", false, "port"},
        {"localhost:9465", false, "metrics listen"},
        {"::1:9465", false, "metrics listen"},
        {"", false, "want HOST:PORT"},
    };
    for (const auto& r : rows) {
        auto ep = metrics::parse_listen(r.text);
        CHECK_MESSAGE(ep.has_value() == r.ok, r.text);
        if (!ep) CHECK_MESSAGE(ep.error().message.find(r.error_part) != std::string::npos, ep.error().message);
    }
}

TEST_CASE("the metrics table is consistent") {
    CHECK(config::validate_spec(metrics::table().spec()).errors.empty());
}
