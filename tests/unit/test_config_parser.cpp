// test_config_parser.cpp: the grammar and the validator, end to end through
// config::parse(): accessors with defaults, case-insensitivity, labels,
// repeatable sections, and every error class with its exact file:line:column.
#include <doctest/doctest.h>

#include "config/config.hpp"
#include "test_config_spec.hpp"

using namespace mp::config;
using testspec::test_spec;

namespace {

Config ok(std::string_view text) {
    auto r = parse(text, "t.conf", test_spec());
    if (!r) FAIL_CHECK(r.error().str());
    REQUIRE(r);
    return *r;
}

std::vector<std::string> errors(std::string_view text) {
    auto r = parse(text, "t.conf", test_spec());
    REQUIRE_FALSE(r);
    return r.error().errors;
}

std::string first_error(std::string_view text) { return errors(text).at(0); }

}  // namespace

TEST_CASE("empty file: every default applies") {
    Config c = ok("");
    const Section& r = c.root();
    CHECK(r.str("user") == "milterpack");
    CHECK(r.num("log_level") == 6);
    CHECK(r.boolean("soft_bounce") == false);
    CHECK(r.size("max_message_size") == 10u << 20);
    CHECK(r.list("checks") == std::vector<std::string>{"spf", "grey"});
    CHECK(r.flag("checks", "GREY"));
    CHECK_FALSE(r.flag("checks", "dkim"));
    CHECK(r.list("trusted_networks") == std::vector<std::string>{"127.0.0.0/8", "::1"});
    CHECK(r.num("mask") == 0xFFFFFF00);
    CHECK_FALSE(r.has("banner"));
    CHECK(r.has("user"));
    CHECK_FALSE(r.is_set("user"));
    CHECK(r.str("banner").empty());
    CHECK(r.section("greylisting") == nullptr);
    CHECK(r.sections("scanner").empty());
}

TEST_CASE("options, sections, labels and accessors") {
    Config c = ok(
        "User = mail;  # comment\n"
        "CHECKS = { SPF, dkim, };\n"
        "Greylisting {\n"
        "  grey_wait = 1h 5m 12s; KEY = Triplet;\n"
        "  redis { server = \"127.0.0.1:6379\"; }\n"
        "};\n"
        "scanner clam { type = clamd; socket = /run/clamd.ctl; }\n"
        "scanner \"amavis\" { type = amavisd; socket = \"inet:10024@127.0.0.1\"; max_size = 1MB 512KB; }\n");
    const Section& r = c.root();
    CHECK(r.str("user") == "mail");
    CHECK(r.is_set("user"));
    CHECK(r.where("user").str() == "t.conf:1:1");
    CHECK(r.list("checks") == std::vector<std::string>{"spf", "dkim"});
    const Section* g = r.section("GREYLISTING");
    REQUIRE(g);
    CHECK(g->keyword() == "greylisting");
    CHECK(g->label().empty());
    CHECK(g->where().str() == "t.conf:3:1");
    CHECK(g->time("grey_wait").count() == 3600 + 300 + 12);
    CHECK(g->time("grey_expire").count() == 7 * 86400);
    CHECK(g->word("key") == "triplet");
    const Section* redis = g->section("redis");
    REQUIRE(redis);
    CHECK(redis->str("server") == "127.0.0.1:6379");
    CHECK(redis->num("database") == 0);
    auto scanners = r.sections("scanner");
    REQUIRE(scanners.size() == 2);
    CHECK(scanners[0]->label() == "clam");
    CHECK(scanners[0]->word("type") == "clamd");
    CHECK(scanners[0]->str("socket") == "/run/clamd.ctl");
    CHECK(scanners[0]->size("max_size") == 25u << 20);
    CHECK(scanners[1]->label() == "amavis");
    CHECK(scanners[1]->size("max_size") == (1u << 20) + (512u << 10));
    CHECK(r.section("scanner") == scanners[0]);
}

TEST_CASE("a single value where a list is expected is a one-element list") {
    Config c = ok("checks = dkim; trusted_networks = 10.0.0.0/8;");
    CHECK(c.root().list("checks") == std::vector<std::string>{"dkim"});
    CHECK(c.root().list("trusted_networks") == std::vector<std::string>{"10.0.0.0/8"});
}

TEST_CASE("empty list, duplicate flags collapse") {
    Config c = ok("checks = {}; trusted_networks = {};");
    CHECK(c.root().list("checks").empty());
    CHECK(c.root().list("trusted_networks").empty());
    CHECK(ok("checks = {spf, SPF};").root().list("checks") == std::vector<std::string>{"spf"});
}

TEST_CASE("layout is free") {
    Config c = ok("greylisting{grey_wait=30s;}listen{address=a;}listen\n{\naddress\n=\nb\n;\n}");
    CHECK(c.root().section("greylisting")->time("grey_wait").count() == 30);
    auto l = c.root().sections("listen");
    REQUIRE(l.size() == 2);
    CHECK(l[1]->str("address") == "b");
}

TEST_CASE("error messages, exact locations") {
    struct Case {
        const char* text;
        const char* error;
    };
    const Case cases[] = {
        {"usr = x;", "t.conf:1:1: unknown option 'usr' at top level (expected one of: user, log_level, soft_bounce, "
                     "max_message_size, checks, trusted_networks, mask, banner)"},
        {"greylisting {\n  wait = 5m;\n}", "t.conf:2:3: unknown option 'wait' in section 'greylisting' (expected one "
                                            "of: grey_wait, grey_expire, key, on_failure)"},
        {"greylisting { grey_wait = abc; }", "t.conf:1:27: 'grey_wait' expects a time (e.g. 5m, 1h 30m), got 'abc'"},
        {"greylisting { grey_wait = 8d; }", "t.conf:1:27: 'grey_wait' must be at most 1w, got '8d'"},
        {"greylisting { grey_expire = 5m; }", "t.conf:1:29: 'grey_expire' must be at least 1h, got '5m'"},
        {"log_level = 16;", "t.conf:1:13: 'log_level' must be between 0 and 15, got '16'"},
        {"log_level = 1 2;", "t.conf:1:13: 'log_level' expects an integer (e.g. 42, 0x2A, 052), got '1 2'"},
        {"log_level = { 1 };", "t.conf:1:13: 'log_level' expects a single value (an integer (e.g. 42, 0x2A, 052)), got a list"},
        {"soft_bounce = maybe;", "t.conf:1:15: 'soft_bounce' expects a boolean (yes/no, on/off, true/false, 1/0), got 'maybe'"},
        {"max_message_size = 2TB;", "t.conf:1:20: 'max_message_size' expects a size (e.g. 512KB, 10MB), got '2TB'"},
        {"max_message_size = 2GB;", "t.conf:1:20: 'max_message_size' must be between 1KB and 1GB, got '2GB'"},
        {"checks = { spf,\n bogus };", "t.conf:2:2: 'checks' expects flags out of: spf, dkim, grey, scan, got 'bogus'"},
        {"greylisting { key = ip; }", "t.conf:1:21: 'key' expects one of: client_ip, triplet, got 'ip'"},
        {"user = a;\nUSER = b;", "t.conf:2:1: option 'user' given twice (first at t.conf:1:1)"},
        {"greylisting {}\ngreylisting {}", "t.conf:2:1: section 'greylisting' given twice (first at t.conf:1:1)"},
        {"scanner a { type = clamd; socket = s; }\nscanner A { type = clamd; socket = s; }",
         "t.conf:2:9: duplicate section 'scanner A' (first at t.conf:1:1)"},
        {"scanner { type = clamd; socket = s; }", "t.conf:1:1: section 'scanner' needs a label (scanner NAME { ... })"},
        {"greylisting main {}", "t.conf:1:13: section 'greylisting' takes no label, got 'main'"},
        {"bogus { }", "t.conf:1:1: unknown section 'bogus' at top level (expected one of: greylisting, scanner, listen)"},
        {"greylisting { redis { } }", "t.conf:1:15: section 'redis' is missing required option 'server'"},
        {"user { }", "t.conf:1:1: 'user' is an option, not a section (write user = value;)"},
        {"greylisting = 5;", "t.conf:1:1: 'greylisting' is a section, not an option (write greylisting { ... })"},
        {"listen { address = a; x { } }", "t.conf:1:23: unknown section 'x' in section 'listen' (no sections are allowed here)"},
        {"user = x", "t.conf:1:9: expected ';' after the value of 'user'"},
        {"user = x\nlog_level = 3;", "t.conf:1:9: expected ';' after the value of 'user'"},
        {"user = ;", "t.conf:1:8: expected a value after 'user =', got ';'"},
        {"user = a = b;", "t.conf:1:10: expected ';' after the value of 'user', got '='"},
        {"user x;", "t.conf:1:7: expected '{' after section 'user x', got ';'"},
        {"user;", "t.conf:1:5: expected '=' or '{' after 'user', got ';'"},
        {"= x;", "t.conf:1:1: expected an option or section name, got '='"},
        {";", "t.conf:1:1: unexpected ';' (no option before it)"},
        {"}", "t.conf:1:1: unexpected '}' at top level (no section is open)"},
        {"checks = { spf dkim };", "t.conf:1:12: 'checks' expects flags out of: spf, dkim, grey, scan, got 'spf dkim'"},
        {"checks = { spf; }", "t.conf:1:15: expected ',' or '}' in the list of 'checks', got ';'"},
        {"checks = { spf, , dkim };", "t.conf:1:17: expected a value or '}' in the list of 'checks', got ','"},
        {"greylisting {\n grey_wait = 5m;\n", "t.conf:3:1: expected '}' to close section 'greylisting' opened at line 1, got end of file"},
        {"user = \"abc\nlog_level = 1;", "t.conf:1:8: unterminated string (a string ends on its line; split long ones as \"...\" \"...\")"},
        {"user = \"a\\qb\";", "t.conf:1:10: unknown escape '\\q' in string (known: \\\" \\\\ \\n \\t \\r)"},
        {"user = a\x01;", "t.conf:1:9: unexpected character '\\x01'"},
        {"banner = \"a\x02\";", "t.conf:1:12: control character '\\x02' in string"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.text);
        CHECK(first_error(c.text) == std::string(c.error));
    }
}

TEST_CASE("every error is reported, in file order") {
    auto e = errors(
        "usr = x;\n"
        "log_level = 99;\n"
        "greylisting { grey_wait = soon; key = ip; redis { } }\n"
        "scanner s { type = clamd; }\n"
        "user = a b\n"
        "soft_bounce = perhaps;\n");
    std::vector<std::string> want = {
        "t.conf:1:1: unknown option 'usr' at top level (expected one of: user, log_level, soft_bounce, "
        "max_message_size, checks, trusted_networks, mask, banner)",
        "t.conf:2:13: 'log_level' must be between 0 and 15, got '99'",
        "t.conf:3:27: 'grey_wait' expects a time (e.g. 5m, 1h 30m), got 'soon'",
        "t.conf:3:39: 'key' expects one of: client_ip, triplet, got 'ip'",
        "t.conf:3:43: section 'redis' is missing required option 'server'",
        "t.conf:4:1: section 'scanner s' is missing required option 'socket'",
        "t.conf:5:11: expected ';' after the value of 'user'",
        "t.conf:6:15: 'soft_bounce' expects a boolean (yes/no, on/off, true/false, 1/0), got 'perhaps'",
    };
    for (size_t i = 0; i < std::max(e.size(), want.size()); ++i)
        CHECK((i < e.size() ? e[i] : "") == (i < want.size() ? want[i] : ""));
}

TEST_CASE("recovery: broken lists, unterminated strings, a forgotten ';'") {
    struct Case {
        const char* text;
        std::vector<std::string> want;
    };
    const Case cases[] = {
        // The list's own '}' is consumed: no stray '}' error follows.
        {"checks = { spf; dkim };\nlog_level = 99;",
         {"t.conf:1:15: expected ',' or '}' in the list of 'checks', got ';'",
          "t.conf:2:13: 'log_level' must be between 0 and 15, got '99'"}},
        // An unclosed list stops at "';' then '}'": the section keeps its '}'.
        {"listen { address = a; x = { a, b ;\n}\nlog_level = 99;",
         {"t.conf:1:23: unknown option 'x' in section 'listen' (expected one of: address)",
          "t.conf:1:34: expected ',' or '}' in the list of 'x', got ';'",
          "t.conf:3:13: 'log_level' must be between 0 and 15, got '99'"}},
        {"user = \"abc\nlog_level = 99;",
         {"t.conf:1:8: unterminated string (a string ends on its line; split long ones as \"...\" \"...\")",
          "t.conf:2:13: 'log_level' must be between 0 and 15, got '99'"}},
        {"trusted_networks = a, b;",
         {"t.conf:1:21: expected ';' after the value of 'trusted_networks', got ',' (write a list as { a, b })"}},
        {"greylisting { grey_wait = 5m }\nlisten { address = a }",
         {"t.conf:1:29: expected ';' after the value of 'grey_wait'",
          "t.conf:2:21: expected ';' after the value of 'address'"}},
        {"user = a\nscanner s { type = clamd; socket = x; }\nsoft_bounce = 2;",
         {"t.conf:1:9: expected ';' after the value of 'user'",
          "t.conf:3:15: 'soft_bounce' expects a boolean (yes/no, on/off, true/false, 1/0), got '2'"}},
    };
    for (const auto& c : cases) {
        CAPTURE(std::string(c.text));
        CHECK(errors(c.text) == c.want);
    }
}
