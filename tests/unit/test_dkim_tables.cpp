// test_dkim_tables.cpp: OpenDKIM KeyTable/SigningTable parsing against golden
// files (tests/golden/dkim/NAME.{keytable,refile,file} -> NAME.EXT.out: the
// parsed entries, or every error as file:line:column), and the lookup order
// of both SigningTable kinds. MP_UPDATE_GOLDEN=1 rewrites the .out files.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>

#include "dkim/tables.hpp"
#include "support/golden.hpp"

using namespace mp::dkim;
using testsupport::slurp;
namespace fs = std::filesystem;

namespace {

std::string dump(const KeyTable& t) {
    std::string out;
    for (const auto& e : t.entries)
        out += e.name + " d=" + e.domain + " s=" + e.selector + (e.key_is_path() ? " path=" : " inline=") + e.key +
               " @" + e.where + "\n";
    return out;
}

std::string dump(const SigningTable& t) {
    std::string out;
    for (const auto& e : t.entries)
        out += e.pattern + " -> " + e.keyname + (e.signer.empty() ? "" : " i=" + e.signer) + " @" + e.where + "\n";
    return out;
}

template <class R>
std::string render(const R& r) {
    return r ? dump(*r) : "ERRORS\n" + r.error().message + "\n";
}

std::string run(const fs::path& in) {
    std::string text = slurp(in), name = in.filename().string(), ext = in.extension().string();
    if (ext == ".keytable") return render(parse_key_table(text, name));
    return render(parse_signing_table(text, name, ext == ".refile"));
}

}  // namespace

TEST_CASE("table golden files") {
    size_t n =
        testsupport::check_golden_dir("dkim", {".keytable", ".refile", ".file"}, testsupport::OutName::AppendOut, run);
    CHECK(n >= 6);
}

TEST_CASE("refile: entries in file order, wildcards, case-insensitive") {
    auto t = parse_signing_table("*@example.com a\n*@example.com b\n*@*.example.com c\n*@example.org d\n* e\n", "t", true);
    REQUIRE(t);
    auto names = [&](std::string_view addr) {
        std::string s;
        for (auto* e : t->match(addr)) s += e->keyname;
        return s;
    };
    CHECK(names("alice@example.com") == "abe");
    CHECK(names("Alice@EXAMPLE.com") == "abe");
    CHECK(names("bob@mail.example.com") == "ce");
    CHECK(names("bob@badexample.com") == "e");
    CHECK(names("x@example.org") == "de");
}

TEST_CASE("file: OpenDKIM's exact lookup order") {
    auto t = parse_signing_table(
        "* star\nuser@* userstar\n.com dotcom\n.example.com dotexample\nuser@.example.com userdot\n"
        "foo.example.com host\nuser@foo.example.com full\n",
        "t", false);
    REQUIRE(t);
    std::string order;
    for (auto* e : t->match("user@foo.example.com")) order += e->keyname + " ";
    CHECK(order == "full host userdot dotexample dotcom userstar star ");
    order.clear();
    for (auto* e : t->match("other@bar.example.com")) order += e->keyname + " ";
    CHECK(order == "dotexample dotcom star ");
}

TEST_CASE("wildcard_match") {
    struct C {
        std::string_view p, s;
        bool m;
    } cases[] = {{"*", "", true},          {"*", "a@b", true},       {"*@a.b", "x@a.b", true},
                 {"*@a.b", "x@ca.b", false}, {"*@*.a.b", "x@m.a.b", true}, {"*@*.a.b", "x@a.b", false},
                 {"a*b*c", "abbbc", true}, {"a*b*c", "abbb", false},  {"A@B", "a@b", true}};
    for (const auto& c : cases) {
        CAPTURE(c.p);
        CAPTURE(c.s);
        CHECK(wildcard_match(c.p, c.s) == c.m);
    }
}
