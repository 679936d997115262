// test_maps_aliasmap.cpp: the aliases format of sendmail X README 3.9.3, golden files
// (tests/golden/maps/*.aliases -> *.out) and lookups by name and by address.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>

#include "maps/aliasmap.hpp"
#include "support/golden.hpp"

namespace fs = std::filesystem;
using namespace mp::maps;
using testsupport::slurp;

namespace {

// What a golden .aliases.out holds: a few aliases with their line and members, or every error.
std::string render_alias_file(const fs::path& f) {
    auto r = AliasMap::parse(slurp(f), f.filename().string());
    std::string got;
    if (!r) got = "ERRORS\n" + r.error().joined();
    for (const char* name : {"myalias", "mylist", "owner-mylist", "list1", "MyAlias@First.Dom"}) {
        if (!r) break;
        if (const Alias* a = r->find(name)) {
            got += std::string(name) + ":" + std::to_string(a->line) + ":";
            for (auto& m : a->members) got += " " + m;
            got += "\n";
        }
    }
    return got;
}

}  // namespace

TEST_CASE("golden alias maps") {
    size_t n = testsupport::check_golden_dir("maps", {".aliases"}, testsupport::OutName::AppendOut, render_alias_file);
    CHECK(n >= 2);
}

TEST_CASE("an alias named by an address: full address, then the local part") {
    auto r = AliasMap::parse("list1: <a@x> <b@y>\nmyalias@first.dom: <c@z>\n", "t");
    REQUIRE(r);
    REQUIRE(r->find_address("<list1@local.dom>"));
    CHECK(r->find_address("<LIST1@local.dom>")->members == std::vector<std::string>{"a@x", "b@y"});
    CHECK(r->find_address("myalias@first.dom")->members == std::vector<std::string>{"c@z"});
    CHECK_FALSE(r->find_address("myalias@second.dom"));
    CHECK_FALSE(r->find_address("<nolist@local.dom>"));
    CHECK_FALSE(r->find_address("<>"));
}
