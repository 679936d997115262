// test_authres_authres.cpp: the Authentication-Results value and the test
// for incoming headers that claim our authserv-id.
#include <doctest/doctest.h>

#include "authres/authres.hpp"
#include "support/section.hpp"

using namespace mp::authres;

TEST_CASE("header value") {
    CHECK(header_value("mx.example.org", {}) == "mx.example.org; none");
    CHECK(header_value("mx.example.org", {"spf=pass smtp.mailfrom=a@example.org",
                                          "dkim=pass header.d=example.org header.s=s1 header.b=AbCdEfGh"}) ==
          "mx.example.org;\n\tspf=pass smtp.mailfrom=a@example.org;\n\t"
          "dkim=pass header.d=example.org header.s=s1 header.b=AbCdEfGh");
}

TEST_CASE("which incoming headers claim our authserv-id") {
    struct Case {
        const char* value;
        bool ours;
    };
    for (const auto& c : {Case{"mx.example.org; spf=pass", true}, Case{" MX.Example.ORG; none", true},
                          Case{"(forged (nested)) mx.example.org; dkim=pass", true},
                          Case{"mx.example.org 1; spf=pass", true}, Case{"\r\n\tmx.example.org;spf=pass", true},
                          Case{"mx.example.org.evil; spf=pass", false}, Case{"other.example; spf=pass", false},
                          Case{"", false}, Case{"(only a comment)", false}}) {
        CAPTURE(c.value);
        CHECK(claims(c.value, "mx.example.org") == c.ours);
    }
}

TEST_CASE("section") {
    CHECK(mp::config::validate_spec(table().spec()).errors.empty());
    auto o = testsupport::read_section("authentication_results { authserv_id = mx.example.org; }", table());
    REQUIRE(o);
    CHECK(o->authserv_id == "mx.example.org");
}
