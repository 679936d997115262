// test_callahead_options.cpp: the callahead section through the real config
// parser, and domain lists with file: entries.
#include <doctest/doctest.h>

#include <cstdio>
#include <fstream>
#include <string>
#include <unistd.h>

#include "callahead/options.hpp"
#include "support/section.hpp"

using namespace mp::callahead;
namespace config = mp::config;

// Options, or the first error as printed.
mp::Result<Options> read(const std::string& text) { return testsupport::read_section(text, table(), options_from); }

TEST_CASE("option table is valid") { CHECK(config::validate_spec(table().spec()).errors.empty()); }

TEST_CASE("sections: values, defaults and errors") {
    struct Case {
        std::string text;
        std::string error;  // empty: valid
    };
    const Case cases[] = {
        {"callahead { domains = { example.com }; next_hop = \"inet:25@10.0.0.5\"; }", ""},
        {"callahead { domains = { example.com }; next_hop = \"inet6:25@::1\"; timeout = 3s; }", ""},
        {"callahead { domains = { example.com }; next_hop = mailertable; mailertable_port = 2526; }", ""},
        {"callahead { domains = { example.com }; next_hop = \"mailertable:/x\"; }", "next_hop must be inet:PORT@ADDR"},
        {"callahead { domains = { a }; next_hop = mailertable; mailertable_port = 0; }", "mailertable_port"},
        {"callahead { domains = { example.com }; next_hop = \"inet:25@mx.example.com\"; }", "next_hop must be"},
        {"callahead { domains = { example.com }; next_hop = \"unix:/run/x\"; }", "next_hop must be"},
        {"callahead { next_hop = \"inet:25@10.0.0.5\"; }", "domains"},
        {"callahead { domains = { a }; next_hop = \"inet:25@10.0.0.5\"; reply = \"550 5.1.1 no\"; }", "reply"},
        {"callahead { domains = { a }; next_hop = \"inet:25@10.0.0.5\"; on_unavailable = maybe; }", "on_unavailable"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.text);
        auto o = read(c.text);
        if (c.error.empty()) {
            CHECK(o.has_value());
            continue;
        }
        REQUIRE_FALSE(o.has_value());
        CHECK(o.error().message.find(c.error) != std::string::npos);
    }
    auto d = read("callahead { domains = { Example.COM }; next_hop = \"inet:25@10.0.0.5\"; }");
    REQUIRE(d);
    CHECK(d->timeout.count() == 10);
    CHECK(d->positive_ttl.count() == 86400);
    CHECK(d->negative_ttl.count() == 3600);
    CHECK(d->on_unavailable == OnUnavailable::Tempfail);
    CHECK(d->unavailable_reply.str() == "451 4.4.3 Cannot verify the recipient now, please try again later");
}

TEST_CASE("file: entries are read, one domain a line; a bad line is named") {
    char path[] = "/tmp/mp-callahead-XXXXXX";
    int fd = mkstemp(path);
    REQUIRE(fd >= 0);
    close(fd);
    std::ofstream(path) << "# internal domains\nExample.net\n\n.sub.example.net  # and below\n";
    auto ok = load_domains({"example.com", std::string("file:") + path});
    REQUIRE(ok);
    CHECK(*ok == std::vector<std::string>{"example.com", "example.net", ".sub.example.net"});
    std::ofstream(path) << "example.net\nuser@example.net\n";
    auto bad = load_domains({std::string("file:") + path});
    REQUIRE_FALSE(bad);
    CHECK(bad.error().message == std::string(path) + ":2:1: expected one domain per line");
    CHECK_FALSE(load_domains({"file:/nonexistent/domains"}));
    std::remove(path);
}
