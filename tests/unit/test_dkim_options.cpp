// test_dkim_options.cpp: the `dkim` section through the real config parser:
// defaults, both key forms, and the errors options_from adds (with places).
#include <doctest/doctest.h>

#include "dkim/options.hpp"

using namespace mp::dkim;
namespace config = mp::config;

namespace {

const config::SectionSpec& root() {
    static const config::SectionSpec r{.name = "", .doc = "test root", .sections = {&table().spec()}};
    return r;
}

// Options, or "error: ..." lines.
mp::Result<Options> read(const std::string& text) {
    auto cfg = config::parse(text, "t.conf", root());
    if (!cfg) {
        std::string all;
        for (const auto& e : cfg.error().errors) all += e + "\n";
        return mp::fail(all);
    }
    const config::Section* s = cfg->root().section("dkim");
    if (!s) return mp::fail("no dkim section");
    auto o = options_from(*s);
    if (!o) return mp::fail(o.error().str());
    return *o;
}

}  // namespace

TEST_CASE("defaults and the short form") {
    auto o = read("dkim { domain = \"example.com\"; selector = \"s1\"; key_file = \"/etc/dkim/s1.key\"; }\n");
    REQUIRE(o);
    CHECK(o->domain == "example.com");
    CHECK(o->key_file == "/etc/dkim/s1.key");
    CHECK(o->canon.header == Canon::Relaxed);
    CHECK(o->canon.body == Canon::Relaxed);
    CHECK(o->oversign_headers == std::vector<std::string>{"From"});
    CHECK(o->sign_headers.empty());  // default list
    CHECK(o->timestamp);
    CHECK_FALSE(o->body_length_tag);
    CHECK(o->expire.count() == 0);
    CHECK_FALSE(o->multiple_signatures);
    CHECK_FALSE(o->allow_insecure_key_files);
    CHECK(o->sign_authenticated);
    CHECK(o->sign_by == SignBy::HeaderFrom);
    REQUIRE(o->internal_networks.size() == 2);
    CHECK(o->internal_networks[0].str() == "127.0.0.0/8");
}

TEST_CASE("OpenDKIM tables and every option") {
    auto o = read(
        "dkim {\n"
        "  key_table = \"file:/etc/opendkim/KeyTable\";\n"
        "  signing_table = \"refile:/etc/opendkim/SigningTable\";\n"
        "  multiple_signatures = yes;\n"
        "  canonicalization = \"simple/relaxed\";\n"
        "  sign_headers = { \"From\", \"Subject\" };\n"
        "  oversign_headers = { \"From\", \"Subject\" };\n"
        "  body_length_tag = yes; timestamp = no; expire = 7d;\n"
        "  daemons = { \"MTA-TX\" }; internal_networks = { \"10.0.0.0/8\", \"2001:db8::/32\" };\n"
        "  sign_authenticated = no; sign_by = envelope_from; allow_insecure_key_files = yes;\n"
        "}\n");
    REQUIRE(o);
    CHECK(o->signing_table == "refile:/etc/opendkim/SigningTable");
    CHECK(o->multiple_signatures);
    CHECK(o->canon.header == Canon::Simple);
    CHECK(o->canon.body == Canon::Relaxed);
    CHECK(o->sign_headers.size() == 2);
    CHECK(o->body_length_tag);
    CHECK_FALSE(o->timestamp);
    CHECK(o->expire.count() == 7 * 86400);
    CHECK(o->daemons == std::vector<std::string>{"MTA-TX"});
    CHECK(o->internal_networks[1].str() == "2001:db8::/32");
    CHECK_FALSE(o->sign_authenticated);
    CHECK(o->sign_by == SignBy::EnvelopeFrom);
    CHECK(o->allow_insecure_key_files);
}

TEST_CASE("errors name the place") {
    struct C {
        std::string text, error;
    } cases[] = {
        {"dkim { }\n", "t.conf:1:1: dkim needs key_table and signing_table, or domain, selector and key_file"},
        {"dkim {\n  domain = \"a.example\";\n}\n", "t.conf:2:3: domain, selector and key_file go together"},
        {"dkim {\n key_table = \"/k\";\n}\n", "t.conf:2:2: key_table and signing_table go together"},
        {"dkim { key_table = \"/k\"; signing_table = \"/s\";\n domain = \"x\"; }\n",
         "t.conf:2:2: use key_table/signing_table or domain/selector/key_file, not both"},
        {"dkim { domain = \"x\"; selector = \"s\"; key_file = \"/k\";\n canonicalization = \"loose\"; }\n",
         "t.conf:2:2: expected simple or relaxed"},
        {"dkim { domain = \"x\"; selector = \"s\"; key_file = \"/k\";\n internal_networks = { \"10.0.0.0/99\" }; }\n",
         "t.conf:2:2: '10.0.0.0/99' is not an address or address/prefix"},
        {"dkim { domain = \"x\"; selector = \"s\"; key_file = \"/k\"; sign_by = header; }\n", "t.conf:1:"},
        {"dkim { domain = \"x\"; selector = \"s\"; key_file = \"/k\"; keyfile = \"/k\"; }\n", "t.conf:1:"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.text);
        auto o = read(c.text);
        REQUIRE_FALSE(o);
        CHECK(o.error().message.find(c.error) == 0);
    }
}

TEST_CASE("the option table is well formed (defaults parse, bounds hold)") {
    CHECK(config::validate_spec(table().spec()).errors.empty());
}
