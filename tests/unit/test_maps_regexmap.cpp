// test_maps_regexmap.cpp: the regex: map (Postfix regexp_table style).
// Golden files tests/golden/maps/*.regex: the entries of a good file (line,
// negation, pcre2 pattern with its flags, result) or the errors of a bad one
// at file:line:column; then lookups in file order, case-insensitive unless
// `i`, negation, and a pathological pattern stopping at its match limit.
#include <doctest/doctest.h>

#include <string>

#include "maps/regexmap.hpp"
#include "support/golden.hpp"

using namespace mp;
using namespace mp::maps;

namespace {

std::string render_regex_file(const std::filesystem::path& p) {
    auto m = RegexMap::parse(testsupport::slurp(p), p.filename().string());
    if (!m) return m.error().joined() + "\n";
    std::string out;
    for (const auto& e : m->entries())
        out += std::to_string(e.line) + "\t" + (e.negate ? "!" : "") + e.re.pattern() + "\t" + e.rhs + "\n";
    return out;
}

RegexMap good() {
    auto m = RegexMap::parse(testsupport::slurp(testsupport::golden_dir("maps") / "regex_good.regex"), "regex_good.regex");
    REQUIRE_MESSAGE(m, (m ? "" : m.error().joined()));
    return std::move(*m);
}

}  // namespace

TEST_CASE("golden regex: maps") {
    size_t n = testsupport::check_golden_dir("maps", {".regex"}, testsupport::OutName::ReplaceExtension, render_regex_file);
    CHECK(n >= 2);
}

TEST_CASE("lookups: first match in file order") {
    RegexMap m = good();
    struct Case {
        const char* subject;
        int line;  // 0: no entry
    };
    const Case cases[] = {
        {"cltname:dyn-192-0-2-7.pool.example.net", 2},
        {"CLTNAME:host.DSL1.example.net", 2},       // case-insensitive by default
        {"cltname:mx1.example.net", 0},
        {"from:postmaster@Example.ORG", 3},          // i: case-sensitive
        {"from:postmaster@example.org", 0},
        {"cltaddr:192.0.2.77", 4},                   // x: blanks ignored in the pattern
        {"cltaddr:192.0.2.77x", 0},
        {"to:a/b@example.org", 5},                   // \/ is a slash
        {"from:nobody", 7},                          // negation: no @
        {"cltresolve:fail", 7},                      // ... and any tag it does not name
    };
    for (const auto& c : cases) {
        CAPTURE(c.subject);
        const RegexEntry* e = m.find(c.subject);
        CHECK((e ? e->line : 0) == c.line);
    }
}

TEST_CASE("a pattern at its match limit stops the lookup with an error") {
    auto m = RegexMap::parse("/^(a+)+$/ reject\n/./ ok\n", "limit.regex");
    REQUIRE(m);
    std::string error;
    CHECK(m->find(std::string(40, 'a') + "!", &error) == nullptr);
    CHECK(error.starts_with("limit.regex:1: "));
    error.clear();
    CHECK(m->find("b", &error) == &m->entries()[1]);
    CHECK(error.empty());
}
