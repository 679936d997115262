// test_access_regexmap.cpp: the access map's regex: map (access_map { regex
// = PATH; }) through AccessMap::load on real files: asked only when the text
// map has no entry, on "tag:key"; its results parsed as access-map RHS at
// load (a bad one, or relay, is an error at file:line:column); never for
// protectedrcpt.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "access/accessmap.hpp"

using namespace mp;
using namespace mp::access;
namespace fs = std::filesystem;

namespace {

struct Files {
    fs::path dir = fs::temp_directory_path() / ("mp-access-regex-" + std::to_string(::getpid()));
    Files() { fs::create_directories(dir); }
    ~Files() { fs::remove_all(dir); }
    Options write(const std::string& access, const std::string& regex) {
        std::ofstream(dir / "access") << access;
        std::ofstream(dir / "access.re") << regex;
        return {.file = (dir / "access").string(), .regex = (dir / "access.re").string()};
    }
};

const char* kAccess = "cltname:mx.dsl1.example.net ok\nprotectedrcpt:boss@example.com from:<a@example.com>\n";
const char* kRegex =
    "/^cltname:.*[.-](dyn|dsl|pool)[0-9.-]/   error:550 5.7.1 Dynamic address: use your provider's relay\n"
    "/^from:.*@spam\\.example$/   quick:reject\n"
    "/^protectedrcpt:/   reject\n";

}  // namespace

TEST_CASE("regex: map lookups after the text map") {
    Files f;
    auto m = AccessMap::load(f.write(kAccess, kRegex));
    REQUIRE_MESSAGE(m, (m ? "" : m.error().joined()));
    struct Case {
        Tag tag;
        const char* key;
        const char* lhs;  // "" for no match
    };
    const Case cases[] = {
        {Tag::CltName, "dyn-192-0-2-7.pool.example.net", "/^cltname:.*[.-](dyn|dsl|pool)[0-9.-]/"},
        {Tag::CltName, "mx.dsl1.example.net", "cltname:mx.dsl1.example.net"},  // the text map first
        {Tag::CltName, "mx.example.net", ""},
        {Tag::From, "x@SPAM.example", "/^from:.*@spam\\.example$/"},
        {Tag::ProtectedRcpt, "other@example.com", ""},  // never asked for protectedrcpt
    };
    for (const auto& c : cases) {
        CAPTURE(c.key);
        auto got = m->lookup(c.tag, c.key);
        CHECK((got ? got->lhs : "") == std::string(c.lhs));
    }
    auto dyn = m->lookup(Tag::CltName, "dyn-1.pool.example.net");
    REQUIRE(dyn);
    CHECK(dyn->rhs.action == Action::Error);
    CHECK(dyn->rhs.reply.str() == "550 5.7.1 Dynamic address: use your provider's relay");
    CHECK(dyn->line == 1);
    CHECK(m->lookup(Tag::From, "x@spam.example")->rhs.quick);
}

TEST_CASE("regex: map errors at file:line:column") {
    Files f;
    auto m = AccessMap::load(f.write(kAccess, "/^cltaddr:10\\./ relay\n/^to:x@/   error:250 nonsense\n"));
    REQUIRE_FALSE(m);
    std::string want = (f.dir / "access.re").string();
    std::string got = m.error().joined();
    CAPTURE(got);
    CHECK(got.find(want + ":1:17: relay is not valid in a regex map") != std::string::npos);
    CHECK(got.find(want + ":2:") != std::string::npos);
    auto bad = AccessMap::load(f.write(kAccess, "/(/ ok\n"));
    REQUIRE_FALSE(bad);
    CHECK(bad.error().joined().find(want + ":1:3: bad pattern at offset 1") != std::string::npos);
}
