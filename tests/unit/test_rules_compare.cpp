// test_rules_compare.cpp: the numeric conditions of size and rcpt_count
// (rules/compare.hpp): each operator at and around its bound, size units,
// and the errors for text that is not a condition.
#include <doctest/doctest.h>

#include <string>

#include "rules/compare.hpp"

using mp::rules::parse_compare;

TEST_CASE("conditions hold at their bounds") {
    struct Row {
        const char* text;
        bool sizes;
        uint64_t v;
        bool holds;
    };
    const Row rows[] = {
        {"> 10m", true, 10u << 20, false},   {"> 10m", true, (10u << 20) + 1, true}, {">10M", true, 11u << 20, true},
        {">= 20", false, 20, true},          {">= 20", false, 19, false},           {"< 512k", true, 512 * 1024 - 1, true},
        {"<512k", true, 512 * 1024, false},  {"<= 3", false, 3, true},              {"<= 3", false, 4, false},
        {"= 1", false, 1, true},             {"== 1", false, 2, false},             {" >  2000 ", true, 2001, true},
        {"> 1g", true, 1ull << 30, false},   {"> 0", false, 1, true},
    };
    for (const auto& r : rows) {
        CAPTURE(r.text);
        CAPTURE(r.v);
        auto c = parse_compare(r.text, r.sizes);
        REQUIRE(c);
        CHECK(c->holds(r.v) == r.holds);
    }
    CHECK(parse_compare(">= 20", false)->str() == ">= 20");
    CHECK(parse_compare("> 1k", true)->str() == "> 1024");
}

TEST_CASE("text that is not a condition") {
    struct Row {
        const char* text;
        bool sizes;
        const char* error;
    };
    const Row rows[] = {
        {"10m", true, "'10m' needs an operator: < <= > >= = then a size (10m, 512k, 2000)"},
        {"> ten", true, "'ten' is not a size (10m, 512k, 2000)"},
        {"> 10m", false, "'10m' is not a number"},
        {">", false, "'' is not a number"},
        {"=> 3", false, "'> 3' is not a number"},
        {"> -1", false, "'-1' is not a number"},
        {"> 99999999999999999999999", false, "'99999999999999999999999' is not a number"},
    };
    for (const auto& r : rows) {
        CAPTURE(r.text);
        auto c = parse_compare(r.text, r.sizes);
        REQUIRE_FALSE(c);
        CHECK(c.error().message == r.error);
    }
}
