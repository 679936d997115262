// test_protrcpt_options.cpp: protected_recipients and aliases sections through
// the real config parser.
#include <doctest/doctest.h>

#include "protrcpt/options.hpp"

using namespace mp::protrcpt;
namespace config = mp::config;

namespace {

const config::SectionSpec& root() {
    static const config::SectionSpec r{.name = "", .doc = "test root", .sections = {&table().spec(), &aliases_table().spec()}};
    return r;
}

// Options, or the first error as printed.
mp::Result<Options> read(const std::string& text) {
    auto cfg = config::parse(text, "t.conf", root());
    if (!cfg) return mp::fail(cfg.error().errors.at(0));
    auto o = options_from(*cfg->root().section("protected_recipients"));
    if (!o) return mp::fail(o.error().str());
    return *o;
}

}  // namespace

TEST_CASE("option tables are valid") {
    CHECK(config::validate_spec(table().spec()).errors.empty());
    CHECK(config::validate_spec(aliases_table().spec()).errors.empty());
}

TEST_CASE("defaults and values") {
    auto o = read("protected_recipients { allow_by = sender; }");
    REQUIRE(o);
    CHECK(o->allow_by_sender);
    CHECK_FALSE(o->allow_by_client_ip);
    CHECK(o->match == MatchType::Exact);
    CHECK(o->reply.str() == "550 5.7.1 Not authorized to send to this recipient");
    auto g = read("protected_recipients { allow_by = { sender, client_ip }; match_type = generic_lookup;\n"
                  " reply = \"554 5.7.1 Members only\"; }");
    REQUIRE(g);
    CHECK(g->allow_by_client_ip);
    CHECK(g->match == MatchType::GenericLookup);
    CHECK(g->reply.str() == "554 5.7.1 Members only");
    auto i = read("protected_recipients { allow_by = client_ip; match_type = Implicitly_Match_Detail; }");
    REQUIRE(i);
    CHECK(i->match == MatchType::ImplicitDetail);
    auto cfg = config::parse("aliases { file = \"/etc/aliases.mp\"; }", "t.conf", root());
    REQUIRE(cfg);
    auto al = aliases_from(*cfg->root().section("aliases"));
    REQUIRE(al);
    CHECK(al->file == "/etc/aliases.mp");
}

TEST_CASE("errors") {
    CHECK_FALSE(read("protected_recipients { }"));                        // allow_by required
    CHECK_FALSE(read("protected_recipients { allow_by = { sender, ip }; }"));
    CHECK_FALSE(read("protected_recipients { allow_by = sender; match_type = fuzzy; }"));
    auto none = read("protected_recipients {\n allow_by = {}; }");
    REQUIRE_FALSE(none);
    CHECK(none.error().message == "t.conf:2:2: protected_recipients needs allow_by = { sender } and/or client_ip");
    auto r = read("protected_recipients { allow_by = sender;\n reply = \"250 ok\"; }");
    REQUIRE_FALSE(r);
    CHECK(r.error().message == "t.conf:2:2: reply: reply code 250 is not a 4yz or 5yz rejection");
    CHECK_FALSE(config::parse("aliases { }", "t.conf", root()));
}
