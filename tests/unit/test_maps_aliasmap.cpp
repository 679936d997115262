// test_maps_aliasmap.cpp: the aliases format of sendmail X README 3.9.3, golden files
// (tests/golden/maps/*.aliases -> *.out) and lookups by name and by address.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "maps/aliasmap.hpp"

namespace fs = std::filesystem;
using namespace mp::maps;

namespace {

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

}  // namespace

TEST_CASE("golden alias maps") {
    const char* src = std::getenv("MP_SOURCE_DIR");
    REQUIRE(src);
    int n = 0;
    for (const auto& f : fs::directory_iterator(fs::path(src) / "tests/golden/maps")) {
        if (f.path().extension() != ".aliases") continue;
        CAPTURE(f.path().filename().string());
        auto r = AliasMap::parse(slurp(f.path()), f.path().filename().string());
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
        fs::path want = f.path();
        want.replace_extension(".aliases.out");
        if (std::getenv("MP_UPDATE_GOLDEN")) std::ofstream(want, std::ios::binary) << got;
        CHECK(got == slurp(want));
        ++n;
    }
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
