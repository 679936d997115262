// test_rules_regex.cpp: pcre2 patterns: compile errors with their offset,
// matches and the matched text, UTF-8 subjects valid or not, and the match
// limit turning a catastrophic pattern into an error value.
#include <doctest/doctest.h>

#include <string>

#include "rules/regex.hpp"

using namespace mp::rules;

TEST_CASE("compile errors name the offset") {
    struct Case {
        const char* pattern;
        const char* error_part;
    };
    const Case cases[] = {
        {"(abc", "offset 4"},
        {"a{2,1}", "offset"},
        {"[z-a]", "offset"},
        {"\xff\xfe", "UTF-8"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.pattern);
        auto r = Regex::compile(c.pattern);
        REQUIRE_FALSE(r);
        CHECK(r.error().message.find(c.error_part) != std::string::npos);
    }
}

TEST_CASE("matches and matched text") {
    struct Case {
        const char* pattern;
        std::string subject;
        bool matches;
        std::string text;
    };
    const Case cases[] = {
        {"^dyn[0-9]+\\.example\\.net$", "dyn42.example.net", true, "dyn42.example.net"},
        {"^dyn[0-9]+\\.example\\.net$", "mx.example.net", false, ""},
        {"(?i)viagra", "Cheap VIAGRA here", true, "VIAGRA"},
        {"caf\\x{e9}", "un caf\xc3\xa9 noir", true, "caf\xc3\xa9"},
        {"^.$", "\xc3\xa9", true, "\xc3\xa9"},                 // one code point, two bytes
        {"noir", std::string("caf\xe9 noir"), true, "noir"},  // Latin-1 byte: invalid UTF-8, still matched
        {"^caf.", std::string("caf\xe9"), false, ""},         // '.' never matches an invalid byte
        {"a\\x00b", std::string("a\0b", 3), true, std::string("a\0b", 3)},
    };
    for (const auto& c : cases) {
        CAPTURE(c.pattern);
        auto re = Regex::compile(c.pattern);
        REQUIRE_MESSAGE(re, (re ? "" : re.error().message));
        auto m = re->match(c.subject);
        REQUIRE_MESSAGE(m, (m ? "" : m.error().message));
        CHECK(m->has_value() == c.matches);
        if (c.matches) CHECK(m->value() == c.text);
    }
}

TEST_CASE("a catastrophic pattern hits the match limit instead of hanging") {
    // (a+)+$ on "aaa...a!" backtracks 2^n times without a limit: n = 40 would
    // take days. The limit makes it an error value after at most `match` steps.
    std::string subject(40, 'a');
    subject += '!';
    for (const char* pattern : {"(a+)+$", "^(\\w+\\s?)*$", "(a|aa)+$"}) {
        CAPTURE(pattern);
        auto re = Regex::compile(pattern, Limits{.match = 10'000, .depth = 1'000});
        REQUIRE(re);
        auto m = re->match(subject);
        REQUIRE_FALSE(m);
        CHECK(m.error().kind == MatchError::Kind::Limit);
        CHECK(m.error().message == "match limit exceeded");
    }
}

TEST_CASE("the same pattern under a generous limit still matches ordinary input") {
    auto re = Regex::compile("(a+)+$");
    REQUIRE(re);
    auto m = re->match("xaaaa");
    REQUIRE(m);
    CHECK(m->value() == "aaaa");
}
