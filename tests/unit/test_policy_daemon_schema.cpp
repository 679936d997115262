// test_policy_daemon_schema.cpp: the milter, pmilter and log sections bound
// to MilterOptions, PmilterOptions and LogOptions: the tables' defaults equal
// the structs' initializers (an absent section means the same as an empty
// one), every option reads back, and one file serves both daemons through
// the Engine accessors.
#include <doctest/doctest.h>

#include "config/config.hpp"
#include "policy/daemon_schema.hpp"
#include "policy/engine.hpp"

using namespace mp;
using namespace mp::policy;

namespace {

std::shared_ptr<const Engine> engine_of(const std::string& text) {
    auto cfg = config::parse(text, "t.conf", root_schema());
    if (!cfg) FAIL(cfg.error().str());
    auto e = Engine::create(std::move(*cfg));
    if (!e) FAIL(e.error().str());
    return *e;
}

}  // namespace

TEST_CASE("the daemon tables are well formed") {
    for (const auto* spec : {&milter_table().spec(), &pmilter_table().spec(), &log_table().spec()}) {
        auto d = config::validate_spec(*spec);
        for (const auto& e : d.errors) MESSAGE(e);
        CHECK(d.errors.empty());
    }
}

TEST_CASE("an empty section and an absent one mean the structs' defaults") {
    auto empty = engine_of("milter { } pmilter { } log { }");
    auto absent = engine_of("");
    CHECK(empty->milter() == MilterOptions{});
    CHECK(empty->pmilter() == PmilterOptions{});
    CHECK(empty->log() == LogOptions{});
    CHECK(absent->milter() == MilterOptions{});
    CHECK(absent->pmilter() == PmilterOptions{});
    CHECK(absent->log() == LogOptions{});
    CHECK(PmilterOptions{}.socket == "unix:/run/milterpack/pmilter.sock");
    CHECK(PmilterOptions{}.socket_mode == 0660);
}

TEST_CASE("one file serves both daemons") {
    auto e = engine_of(
        "milter { socket = \"inet:8891@127.0.0.1\"; user = mail; allow_root = yes; socket_mode = 0600;\n"
        "         timeout = 1h; backlog = 64; }\n"
        "pmilter { socket = \"unix:/var/spool/meta1/pmilter.sock\"; user = meta1m; allow_root = no;\n"
        "          socket_mode = 0640; threads_soft = 2; threads_hard = 6; max_connections = 100; }\n"
        "log { facility = local3; ident = mp; level = debug; }\n");
    const MilterOptions& m = e->milter();
    CHECK(m.socket == "inet:8891@127.0.0.1");
    CHECK(m.user == "mail");
    CHECK(m.allow_root);
    CHECK(m.socket_mode == 0600);
    CHECK(m.timeout == std::chrono::hours(1));
    CHECK(m.backlog == 64);
    const PmilterOptions& p = e->pmilter();
    CHECK(p.socket == "unix:/var/spool/meta1/pmilter.sock");
    CHECK(p.user == "meta1m");
    CHECK_FALSE(p.allow_root);
    CHECK(p.socket_mode == 0640);
    CHECK(p.threads_soft == 2);
    CHECK(p.threads_hard == 6);
    CHECK(p.max_connections == 100);
    CHECK(e->log().facility == "local3");
    CHECK(e->log().ident == "mp");
    CHECK(e->log().level == util::LogLevel::Debug);
}

TEST_CASE("bounds and rules of the pmilter section") {
    for (const char* bad : {"pmilter { socket_mode = 01777; }", "pmilter { threads_soft = -1; }",
                            "pmilter { max_connections = 70000; }"}) {
        CAPTURE(bad);
        CHECK_FALSE(config::parse(bad, "t.conf", root_schema()));
    }
    auto cfg = config::parse("pmilter {\n threads_soft = 8;\n threads_hard = 4; }", "t.conf", root_schema());
    REQUIRE(cfg);
    auto e = Engine::create(std::move(*cfg));
    REQUIRE_FALSE(e);
    CHECK(e.error().str() == "t.conf:3:2: threads_hard must be 0 or at least threads_soft\n");
}
