// test_spf_macro.cpp: SPF macro expansion with the examples of RFC 7208 7.4.
#include <doctest/doctest.h>

#include "spf/explain.hpp"
#include "spf/macro.hpp"

using namespace mp::spf;

TEST_CASE("RFC 7208 7.4 examples") {
    Vars v{.sender = "strong-bad@email.example.com", .domain = "email.example.com", .ip = "192.0.2.3",
           .helo = "mx.example.org", .receiver = "rx.example.net", .timestamp = 1234};
    struct Case {
        const char* in;
        const char* out;
    };
    for (const auto& c : {Case{"%{s}", "strong-bad@email.example.com"}, Case{"%{o}", "email.example.com"},
                          Case{"%{d}", "email.example.com"}, Case{"%{d4}", "email.example.com"},
                          Case{"%{d3}", "email.example.com"}, Case{"%{d2}", "example.com"}, Case{"%{d1}", "com"},
                          Case{"%{dr}", "com.example.email"}, Case{"%{d2r}", "example.email"},
                          Case{"%{l}", "strong-bad"}, Case{"%{l-}", "strong.bad"}, Case{"%{lr}", "strong-bad"},
                          Case{"%{lr-}", "bad.strong"}, Case{"%{l1r-}", "strong"},
                          Case{"%{ir}.%{v}._spf.%{d2}", "3.2.0.192.in-addr._spf.example.com"},
                          Case{"%{lr-}.lp._spf.%{d2}", "bad.strong.lp._spf.example.com"},
                          Case{"%{h} %{r} %{t} %{p} %{c}", "mx.example.org rx.example.net 1234 unknown 192.0.2.3"},
                          Case{"a%%b%_c%-d", "a%b c%20d"}, Case{"%{S}", "strong-bad%40email.example.com"}}) {
        CAPTURE(c.in);
        auto r = expand(c.in, v);
        REQUIRE(r);
        CHECK(*r == c.out);
    }
}

TEST_CASE("IPv6 %{i} is nibbles") {
    Vars v{.sender = "a@email.example.com", .domain = "email.example.com", .ip = "2001:db8::cb01"};
    auto r = expand("%{ir}.%{v}._spf.%{d2}", v);
    REQUIRE(r);
    CHECK(*r == "1.0.b.c.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6._spf.example.com");
}

TEST_CASE("null sender: local-part postmaster") {
    Vars v{.sender = "postmaster@helo.example", .domain = "helo.example", .ip = "192.0.2.1"};
    CHECK(*expand("%{l}@%{o}", v) == "postmaster@helo.example");
}

TEST_CASE("malformed macros are errors") {
    Vars v{};
    for (const char* bad : {"%{x}", "%{d0}", "%{d", "%", "%a", "%{d2!}"}) {
        CAPTURE(bad);
        CHECK_FALSE(expand(bad, v));
    }
}

TEST_CASE("modifiers of a record") {
    CHECK(modifier("v=spf1 -all exp=explain.%{d}", "exp") == "explain.%{d}");
    CHECK(modifier("v=spf1 redirect=_spf.example.org", "redirect") == "_spf.example.org");
    CHECK(modifier("v=spf1 -all", "exp").empty());
    CHECK(modifier("v=spf1 EXP=x.example -all", "exp") == "x.example");
}
