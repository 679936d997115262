// test_maps_textmap.cpp: the text map parser against golden files
// (tests/golden/maps/*.map -> *.out), plus lookups and limits.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "maps/textmap.hpp"
#include "support/golden.hpp"

namespace fs = std::filesystem;
using namespace mp::maps;
using testsupport::slurp;

namespace {

// What the golden .out holds: every entry, or every error.
std::string render(const mp::Result<TextMap, Errors>& r) {
    std::string out;
    if (!r) return "ERRORS\n" + r.error().joined();
    for (const auto& e : r->entries())
        out += std::to_string(e.line) + ":" + std::to_string(e.lhs_column) + "\t" + e.key + "\t" + e.rhs + "\n";
    return out;
}

std::string render_text_file(const fs::path& f) { return render(TextMap::parse(slurp(f), f.filename().string())); }

}  // namespace

TEST_CASE("golden text maps") {
    size_t n = testsupport::check_golden_dir("maps", {".map"}, testsupport::OutName::ReplaceExtension, render_text_file);
    CHECK(n >= 4);
}

TEST_CASE("lookups are case-insensitive on the key, RHS verbatim") {
    auto m = TextMap::parse("Foo.Example  Some RHS  Text \n", "t");
    REQUIRE(m);
    REQUIRE(m->find("foo.example"));
    CHECK(m->find("foo.example")->rhs == "Some RHS  Text");
    CHECK(m->find("foo.example")->lhs == "Foo.Example");
    CHECK_FALSE(m->find("Foo.Example"));  // probes are in stored (lowercase) form
    CHECK(m->find_first("", {"x", "foo.example"}) == m->find("foo.example"));
}

TEST_CASE("limits: long lines, entry count, file size") {
    Limits lim;
    lim.max_line_bytes = 16;
    auto r = TextMap::parse("a b\nthis-line-is-far-too-long x\n", "t", {}, lim);
    REQUIRE_FALSE(r);
    CHECK(r.error().errors == std::vector<std::string>{"t:2:1: line too long (27 bytes, limit 16)"});
    Limits two;
    two.max_entries = 2;
    auto c = TextMap::parse("a 1\nb 2\nc 3\n", "t", {}, two);
    REQUIRE_FALSE(c);
    CHECK(c.error().errors == std::vector<std::string>{"t:3:1: too many entries (limit 2)"});
    Limits errs;
    errs.max_errors = 2;
    auto e = TextMap::parse("a\nb\nc\nd\n", "t", {}, errs);
    REQUIRE_FALSE(e);
    CHECK(e.error().errors.size() == 2);
    CHECK(e.error().joined().find("... and 2 more errors") != std::string::npos);
}

TEST_CASE("load reports a missing file and an oversized file") {
    auto r = TextMap::load("/nonexistent/milterpack/map");
    REQUIRE_FALSE(r);
    CHECK(r.error().errors.at(0).find("cannot open") != std::string::npos);
    fs::path p = fs::temp_directory_path() / ("mp_textmap_" + std::to_string(::getpid()));
    std::ofstream(p) << "k v\n";
    Limits lim;
    lim.max_file_bytes = 3;
    auto big = TextMap::load(p.string(), {}, lim);
    REQUIRE_FALSE(big);
    CHECK(big.error().errors.at(0).find("file too large") != std::string::npos);
    auto ok = TextMap::load(p.string());
    REQUIRE(ok);
    CHECK(ok->find("k")->rhs == "v");
    fs::remove(p);
}

TEST_CASE("a KeyFn can refuse keys, with a column inside the LHS") {
    KeyFn fn = [](std::string_view lhs) -> mp::Result<std::string, KeyError> {
        if (lhs.find('!') != std::string_view::npos) return mp::Unexpected<KeyError>{{lhs.find('!'), "no bangs"}};
        return std::string(lhs);
    };
    auto r = TextMap::parse("ok 1\n  ab!c 2\n", "t", fn);
    REQUIRE_FALSE(r);
    CHECK(r.error().errors == std::vector<std::string>{"t:2:5: no bangs"});
}

TEST_CASE("CIDR keys are indexed by tag") {
    auto m = TextMap::parse("cltaddr:10.0.0.0/12 a\ncltaddr:2001:db8::/32 b\n192.168.0.0/17 c\nto:x/y d\n", "t");
    REQUIRE(m);
    REQUIRE(m->nets("cltaddr"));
    CHECK(m->nets("cltaddr")->v4.test(12));
    CHECK(m->nets("cltaddr")->v6.test(32));
    REQUIRE(m->nets(""));
    CHECK(m->nets("")->v4.test(17));
    CHECK_FALSE(m->nets("to"));
}
