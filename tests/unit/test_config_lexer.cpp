// test_config_lexer.cpp: tokens (words, strings, escapes, comments, exact
// positions), ANSI-C string concatenation, and robustness: binary garbage,
// NUL bytes, a 10 MB line, deep nesting, the file size limit, load() errors.
// Nothing here may crash; every bad input must come back as diagnostics.
#include <doctest/doctest.h>

#include <cstdio>
#include <fstream>
#include <random>
#include <string>
#include <unistd.h>

#include "config/lexer.hpp"
#include "test_config_spec.hpp"

using namespace mp::config;

namespace {

struct Tk {
    Tok kind;
    std::string text;
    int line, column;
    bool operator==(const Tk&) const = default;
};

std::vector<Tk> lex(std::string_view text, std::vector<std::string>* errors = nullptr) {
    DiagSink diag("l");
    Lexer lx(text, diag);
    std::vector<Tk> out;
    for (Token t = lx.take(); t.kind != Tok::End; t = lx.take()) out.push_back({t.kind, t.text, t.line, t.column});
    if (errors) *errors = diag.finish().errors;
    return out;
}

std::string user_of(std::string_view text) {
    auto r = parse(text, "s.conf", testspec::test_spec());
    if (!r) FAIL_CHECK(r.error().str());
    return r ? r->root().str("user") : "";
}

}  // namespace

TEST_CASE("tokens and positions") {
    auto t = lex("a=b;\n  c { \"x y\" , } # comment ; {\nw/x:y@z+*.-_\t1h5m");
    std::vector<Tk> want = {
        {Tok::Word, "a", 1, 1},       {Tok::Equals, "", 1, 2},     {Tok::Word, "b", 1, 3},
        {Tok::Semi, "", 1, 4},        {Tok::Word, "c", 2, 3},      {Tok::LBrace, "", 2, 5},
        {Tok::String, "x y", 2, 7},   {Tok::Comma, "", 2, 13},     {Tok::RBrace, "", 2, 15},
        {Tok::Word, "w/x:y@z+*.-_", 3, 1}, {Tok::Word, "1h5m", 3, 14},
    };
    CHECK(t == want);
}

TEST_CASE("non-ASCII bytes are word bytes; control bytes are errors") {
    std::vector<std::string> errs;
    auto t = lex("caf\xc3\xa9 \x7f x", &errs);
    REQUIRE(t.size() == 2);
    CHECK(t[0].text == "caf\xc3\xa9");
    CHECK(errs == std::vector<std::string>{"l:1:7: unexpected character '\\x7f'"});
}

TEST_CASE("strings: escapes and ANSI-C concatenation") {
    struct Case {
        const char* text;
        const char* want;
    };
    const Case cases[] = {
        {"user = \"a \" \"b\";", "a b"},
        {"user = \"this is spread \"\n   \"over lines\";", "this is spread over lines"},
        {"user = \"q\\\"q\\\\b\\nn\\tt\\rr\";", "q\"q\\b\nn\tt\rr"},
        {"user = \"# not a comment\";", "# not a comment"},
        {"user = \"{;,=}\";", "{;,=}"},
        {"user = \"\";", ""},
        {"user = a b   c;", "a b c"},
        {"user = a \"b\" \"c\" d;", "a bc d"},
        {"user = -f /etc/x.conf;", "-f /etc/x.conf"},
        {"user = a#comment\n;", "a"},
        {"USER = \"\xc3\xa9\";", "\xc3\xa9"},
    };
    for (const auto& c : cases) {
        CAPTURE(std::string(c.text));
        CHECK(user_of(c.text) == c.want);
    }
}

TEST_CASE("garbage never crashes and always yields diagnostics or a config") {
    std::mt19937 rng(12345);  // fixed seed: the same inputs every run
    const std::string alphabet = "ab =;{},\"#\\\n\t\x01\xff" "0x1hKB";
    for (int round = 0; round < 2000; ++round) {
        std::string text;
        size_t n = rng() % 200;
        for (size_t i = 0; i < n; ++i)
            text += (round % 2) ? char(rng() % 256) : alphabet[rng() % alphabet.size()];
        auto r = parse(text, "g", testspec::test_spec());
        if (!r) {
            CHECK_FALSE(r.error().errors.empty());
            CHECK(r.error().errors.size() <= 51);
        }
    }
}

TEST_CASE("NUL bytes, huge lines, error cap") {
    std::string nul("user = a;\0\0\0", 12);
    auto r = parse(nul, "n", testspec::test_spec());
    REQUIRE_FALSE(r);
    CHECK(r.error().errors.front() == "n:1:10: unexpected character '\\x00'");

    std::string huge = "user = \"" + std::string(10 << 20, 'x') + "\";";
    auto h = parse(huge, "h", testspec::test_spec());
    REQUIRE(h);
    CHECK(h->root().str("user").size() == size_t(10 << 20));

    std::string words = "user = " + std::string(10 << 20, ';');
    auto w = parse(words, "w", testspec::test_spec());
    REQUIRE_FALSE(w);
    CHECK(w.error().errors.size() == 51);
    CHECK(w.error().errors.back() == "w: too many errors, stopped after 50");

    std::string binary(1 << 20, '\x01');
    auto b = parse(binary, "b", testspec::test_spec());
    REQUIRE_FALSE(b);
    CHECK(b.error().errors.size() == 51);
}

TEST_CASE("nesting depth limit and unterminated sections") {
    std::string deep;
    for (int i = 0; i < 40; ++i) deep += "a {";
    auto r = parse(deep, "d", testspec::test_spec());
    REQUIRE_FALSE(r);
    CHECK(r.error().errors.front() == "d:1:1: unknown section 'a' at top level (expected one of: greylisting, scanner, listen)");
    bool saw_depth = false;
    for (const auto& e : r.error().errors) saw_depth = saw_depth || e == "d:1:99: sections nested deeper than 32 levels";
    CHECK(saw_depth);

    std::string deep_closed;
    for (int i = 0; i < 100000; ++i) deep_closed += "a{";
    for (int i = 0; i < 100000; ++i) deep_closed += "}";
    CHECK_FALSE(parse(deep_closed, "d", testspec::test_spec()));

    auto u = parse("scanner x { type = clamd;", "u", testspec::test_spec());
    REQUIRE_FALSE(u);
    CHECK(u.error().errors == std::vector<std::string>{
                                  "u:1:1: section 'scanner x' is missing required option 'socket'",
                                  "u:1:26: expected '}' to close section 'scanner x' opened at line 1, got end of file"});
}

TEST_CASE("size limit and load()") {
    std::string big(kMaxFileSize + 1, ' ');
    auto r = parse(big, "big", testspec::test_spec());
    REQUIRE_FALSE(r);
    CHECK(r.error().errors.front() == "big: file too large (16777217 bytes, limit 16 MiB)");

    auto missing = load("/nonexistent/milterpack.conf", testspec::test_spec());
    REQUIRE_FALSE(missing);
    CHECK(missing.error().errors.front() == "/nonexistent/milterpack.conf: cannot open: No such file or directory");

    std::string path = "/tmp/mp_config_test_" + std::to_string(getpid()) + ".conf";
    {
        std::ofstream(path) << "log_level = 0x0F;\ngreylisting { grey_wait = 10m; }\n";
    }
    auto ok = load(path, testspec::test_spec());
    REQUIRE(ok);
    CHECK(ok->root().num("log_level") == 15);
    CHECK(ok->file() == path);
    CHECK(ok->root().section("greylisting")->where().str() == path + ":2:1");
    {
        std::ofstream(path) << "log_level = 0x10;\n";
    }
    auto bad = load(path, testspec::test_spec());
    REQUIRE_FALSE(bad);
    CHECK(bad.error().errors.front() == path + ":1:13: 'log_level' must be between 0 and 15, got '0x10'");
    std::remove(path.c_str());
}
