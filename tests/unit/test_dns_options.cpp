// test_dns_options.cpp: the dns section through the real config parser,
// server syntax and resolv.conf reading.
#include <doctest/doctest.h>

#include "dns/options.hpp"
#include "support/section.hpp"

using namespace mp::dns;
namespace config = mp::config;

namespace {

mp::Result<Options> read(const std::string& text) { return testsupport::read_section(text, table()); }

}  // namespace

TEST_CASE("option table is valid") { CHECK(config::validate_spec(table().spec()).errors.empty()); }

TEST_CASE("defaults and values") {
    auto d = read("dns { }");
    REQUIRE(d);
    CHECK(d->servers.empty());
    CHECK(d->resolv_conf == "/etc/resolv.conf");
    CHECK(d->query_timeout.count() == 2);
    CHECK(d->cache_limits().negative_ttl == 300);
    auto o = read("dns { servers = { 127.0.0.1, \"::1@5353\" }; query_timeout = 3s; negative_ttl = 1m; cache_size = 0; }");
    REQUIRE(o);
    CHECK(o->servers == std::vector<std::string>{"127.0.0.1", "::1@5353"});
    CHECK(o->query_timeout.count() == 3);
    CHECK(o->cache_limits().negative_ttl == 60);
    CHECK(o->cache_limits().max_entries == 0);
}

TEST_CASE("errors name the place") {
    struct Case {
        const char* text;
        const char* error;
    };
    for (const auto& c : {Case{"dns { servers = { ns.example }; }", "t.conf:1:7: DNS server 'ns.example' is not"},
                          Case{"dns { servers = \"127.0.0.1@0\"; }", "t.conf:1:7: DNS server '127.0.0.1@0': port"},
                          Case{"dns { query_timeout = 0s; }", "t.conf:1:23:"}}) {
        auto r = read(c.text);
        REQUIRE_FALSE(r);
        CAPTURE(r.error().message);
        CHECK(r.error().message.rfind(c.error, 0) == 0);
    }
}

TEST_CASE("resolv.conf nameservers") {
    auto s = resolv_conf_servers("# comment\nsearch example\nnameserver 127.0.0.1\nnameserver ::1\noptions x\n");
    REQUIRE(s);
    CHECK(*s == std::vector<std::string>{"127.0.0.1", "::1"});
    CHECK_FALSE(resolv_conf_servers("search example\n"));
    CHECK_FALSE(resolv_conf_servers("nameserver bogus\n"));
}
