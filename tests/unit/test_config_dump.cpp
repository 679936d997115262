// test_config_dump.cpp: dump-config (the effective configuration re-parses
// to itself), validate_spec() on good and deliberately broken specs, and the
// generated man page.
#include <doctest/doctest.h>

#include <string>

#include "config/config.hpp"
#include "test_config_spec.hpp"

using namespace mp::config;

namespace {

std::string dump_of(std::string_view text, const SectionSpec& spec) {
    auto r = parse(text, "d.conf", spec);
    if (!r) FAIL_CHECK(r.error().str());
    REQUIRE(r);
    return r->dump();
}

}  // namespace

TEST_CASE("dump re-parses to the same effective configuration") {
    const char* inputs[] = {
        "",
        "user = \"a \\\"quoted\\\" \\\\ name\\n\"; checks = {}; trusted_networks = { \"a b\", c };\n"
        "greylisting { grey_wait = 90; key = TRIPLET; redis { server = /run/redis.sock; database = 3; } }\n"
        "scanner \"x y\" { type = clamd; socket = s; max_size = 1536; }\n"
        "scanner b { type = amavisd; socket = t; timeout = 61; }\n"
        "listen { address = a; } listen { address = b; }\n"
        "mask = -0x10; log_level = 017; soft_bounce = on; max_message_size = 1GB;\n"
        "banner = \"tab\\there\";",
    };
    for (const char* in : inputs) {
        CAPTURE(std::string(in));
        std::string once = dump_of(in, testspec::test_spec());
        CHECK(dump_of(once, testspec::test_spec()) == once);
    }
}

TEST_CASE("dump shape: values, defaults, docs, absent sections") {
    std::string d = dump_of("log_level = 0x0A; scanner c { type = clamd; socket = \"/run/c\"; }", testspec::test_spec());
    CHECK(d ==
          "user = \"milterpack\";  # run as this user\n"
          "log_level = 10;  # syslog verbosity\n"
          "soft_bounce = no;  # turn rejects into tempfails\n"
          "max_message_size = 10MB;  # refuse larger messages\n"
          "checks = { spf, grey };  # enabled checks\n"
          "trusted_networks = { \"127.0.0.0/8\", \"::1\" };  # never checked\n"
          "mask = 4294967040;  # a C-notation number\n"
          "# banner is not set (no default);  # text with no default\n"
          "scanner c {\n"
          "    type = clamd;  # scanner protocol\n"
          "    socket = \"/run/c\";  # where it listens\n"
          "    timeout = 30s;  # whole-scan deadline\n"
          "    max_size = 25MB;  # larger messages are not scanned\n"
          "}\n"
          "# section 'greylisting' is not configured: greylisting at RCPT\n"
          "# section 'listen' is not configured: one milter socket\n");
}

TEST_CASE("the test specs themselves are valid") {
    CHECK(validate_spec(testspec::test_spec()).str() == "");
    CHECK(validate_spec(testspec::smx_spec()).str() == "");
}

TEST_CASE("validate_spec catches broken tables") {
    static const SectionSpec sub{.name = "sub", .doc = "d", .options = {
        {.name = "t", .type = Type::Time, .def = "5 minutes", .doc = "bad unit"}}};
    static const SectionSpec bad{
        .name = "bad",
        .doc = "broken on purpose",
        .options = {
            {.name = "n", .type = Type::Int, .def = "20", .min = 0, .max = 10, .doc = "out of bounds"},
            {.name = "N", .type = Type::Int, .doc = "same name, other case"},
            {.name = "e", .type = Type::Enum, .def = "c", .choices = {"a", "B"}, .doc = "bad choice"},
            {.name = "f", .type = Type::Flags, .doc = "no choices"},
            {.name = "r", .type = Type::String, .def = "x", .doc = "required with default", .required = true},
            {.name = "l", .type = Type::Bool, .def = "{ yes }", .doc = "list for a scalar"},
            {.name = "u", .type = Type::String, .def = "a; b = c"},
            {.name = "has space", .type = Type::String, .doc = "name"},
        },
        .sections = {&sub}};
    std::vector<std::string> want = {
        "bad.n: bad default: 'n' must be between 0 and 10, got '20'",
        "bad: option 'N' declared twice",
        "bad.e: choice 'B' is not a lowercase word",
        "bad.e: bad default: 'e' expects one of: a, B, got 'c'",
        "bad.f: enum/flags without choices",
        "bad.r: required option with a default",
        "bad.l: bad default: 'l' expects a single value (a boolean (yes/no, on/off, true/false, 1/0)), got a list",
        "bad.u: no doc line",
        "bad.u: bad default: 'a; b = c' is not a value",
        "bad.has space: option name is not a bare word",
        "bad.sub.t: bad default: 't' expects a time (e.g. 5m, 1h 30m), got '5 minutes'",
    };
    CHECK(validate_spec(bad).errors == want);
}

TEST_CASE("man page lists every section and option") {
    std::string m = man_page(testspec::test_spec(), "milterpack");
    CHECK(m.find(".TH MILTERPACK.CONF 5") != std::string::npos);
    CHECK(m.find(".SH NAME\nmilterpack.conf \\- configuration file for milterpack\n") != std::string::npos);
    CHECK(m.find(".SS \"greylisting > redis\"") != std::string::npos);
    CHECK(m.find(".B scanner \\fIlabel\\fB { ... }") != std::string::npos);
    CHECK(m.find("May appear several times, each with a distinct label.") != std::string::npos);
    CHECK(m.find(".TP\n.BI \"grey_wait = \" \"time\"\ndelay before a retry is accepted.\n.br\nMust be at most 1w.\n"
                 ".br\nDefault: 5m.\n") != std::string::npos);
    CHECK(m.find(".BI \"checks = \" \"flags\"\nenabled checks.\n.br\nFlags: spf, dkim, grey, scan.\n.br\n"
                 "Default: { spf, grey }.\n") != std::string::npos);
    CHECK(m.find(".BI \"socket = \" \"string\"\nwhere it listens.\n.br\nRequired.\n") != std::string::npos);
    CHECK(m.find(".BI \"banner = \" \"string\"\ntext with no default.\n.br\nNo default (unset).\n") != std::string::npos);
    for (const auto* s : testspec::test_spec().sections)
        for (const auto& o : s->options) CHECK(m.find(".BI \"" + std::string(o.name) + " = \"") != std::string::npos);
    CHECK(m.find("\n'") == std::string::npos);
}
