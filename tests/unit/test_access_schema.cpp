// test_access_schema.cpp: the access_map and policy sections through the real
// config parser: tables valid, defaults, flags, delimiter checks (each error
// located once, at the value).
#include <doctest/doctest.h>

#include "access/schema.hpp"

using namespace mp::access;
namespace config = mp::config;

namespace {

const config::SectionSpec& root() {
    static const config::SectionSpec r{.name = "", .doc = "test root",
                                       .sections = {&access_map_table().spec(), &policy_table().spec()}};
    return r;
}

}  // namespace

TEST_CASE("option tables are valid") {
    CHECK(config::validate_spec(access_map_table().spec()).errors.empty());
    CHECK(config::validate_spec(policy_table().spec()).errors.empty());
}

TEST_CASE("defaults and explicit values") {
    auto cfg = config::parse("access_map { file = \"/etc/mail/access\"; } policy { }", "t.conf", root());
    REQUIRE(cfg);
    auto o = options_from(*cfg->root().section("access_map"));
    REQUIRE(o);
    CHECK(o->file == "/etc/mail/access");
    CHECK(o->delimiter == '+');
    CHECK_FALSE(o->implicit_detail);
    auto f = flags_from(*cfg->root().section("policy"));
    REQUIRE(f);
    CHECK_FALSE(f->delay_checks);
    CHECK_FALSE(f->soft_bounce);

    auto cfg2 = config::parse(
        "access_map { file = \"/a\"; address_delimiter = \"-\"; implicitly_match_detail = yes; }\n"
        "policy { flags = { delay_checks, Soft_Bounce }; }",
        "t.conf", root());
    REQUIRE(cfg2);
    auto o2 = options_from(*cfg2->root().section("access_map"));
    REQUIRE(o2);
    CHECK(o2->delimiter == '-');
    CHECK(o2->implicit_detail);
    auto f2 = flags_from(*cfg2->root().section("policy"));
    REQUIRE(f2);
    CHECK(f2->delay_checks);
    CHECK(f2->soft_bounce);
}

TEST_CASE("bad values are errors with a location") {
    auto nofile = config::parse("access_map { }", "t.conf", root());
    CHECK_FALSE(nofile);
    auto badflag = config::parse("policy { flags = { delay_check }; }", "t.conf", root());
    CHECK_FALSE(badflag);
    for (const char* d : {"\"++\"", "\"@\"", "\"*\"", "\"\""}) {
        CAPTURE(d);
        auto cfg = config::parse(std::string("access_map { file = \"/a\";\n address_delimiter = ") + d + "; }", "t.conf",
                                 root());
        REQUIRE(cfg);
        auto o = options_from(*cfg->root().section("access_map"));
        REQUIRE_FALSE(o);
        CHECK(o.error().str() ==
              "t.conf:2:2: address_delimiter must be one character other than '@', '*' and space");
    }
}
