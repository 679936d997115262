// test_spf_passlist.cpp: the domain list of greylisting's skip_spf_pass_from
// (spf/passlist.hpp): which domains a line covers (itself and subdomains,
// case-insensitive), comments and blank lines, every bad line reported at
// file:line:column, and the "file:" spec.
#include <doctest/doctest.h>

#include "spf/passlist.hpp"

using mp::spf::PassList;

TEST_CASE("a listed domain covers itself and its subdomains") {
    auto l = PassList::parse("# senders that retry\nexample.org\n  Bank.Example.  \n\nmail.example.net\n", "list");
    REQUIRE(l);
    CHECK(l->size() == 3);
    struct Case {
        const char* domain;
        const char* covered_by;  // "" = not covered
    };
    for (const Case c : {Case{"example.org", "example.org"}, Case{"EXAMPLE.org.", "example.org"},
                         Case{"out.mail.example.org", "example.org"}, Case{"bank.example", "bank.example"},
                         Case{"example.net", ""}, Case{"mail.example.net", "mail.example.net"},
                         Case{"x.mail.example.net", "mail.example.net"}, Case{"notexample.org", ""},
                         Case{"org", ""}, Case{"", ""}}) {
        CAPTURE(c.domain);
        auto got = l->covering(c.domain);
        CHECK(got.value_or("") == c.covered_by);
    }
}

TEST_CASE("bad lines are reported at file:line:column, all of them") {
    auto l = PassList::parse("ok.example\nuser@example.org\n  two words.example\nempty..label\n" +
                                 std::string(64, 'a') + ".example\n",
                             "/etc/milterpack/spf-pass-domains");
    REQUIRE_FALSE(l);
    const auto& e = l.error().errors;
    REQUIRE(e.size() == 4);
    CHECK(e[0] == "/etc/milterpack/spf-pass-domains:2:5: unexpected '@': one domain per line");
    CHECK(e[1] == "/etc/milterpack/spf-pass-domains:3:6: unexpected ' ': one domain per line");
    CHECK(e[2] == "/etc/milterpack/spf-pass-domains:4:7: empty label in domain");
    CHECK(e[3] == "/etc/milterpack/spf-pass-domains:5:64: label longer than 63 characters");
}

TEST_CASE("an empty file is an empty list; a missing one an error naming it") {
    auto empty = PassList::parse("# nothing yet\n", "list");
    REQUIRE(empty);
    CHECK(empty->size() == 0);
    auto missing = PassList::load("/nonexistent/spf-pass-domains");
    REQUIRE_FALSE(missing);
    CHECK(missing.error().errors.at(0).find("/nonexistent/spf-pass-domains") != std::string::npos);
}

TEST_CASE("the spec is file:/absolute/path") {
    CHECK(mp::spf::passlist_path("file:/etc/milterpack/spf-pass-domains").value() == "/etc/milterpack/spf-pass-domains");
    for (const char* bad : {"/etc/x", "file:", "file:relative", "refile:/etc/x"}) {
        CAPTURE(bad);
        CHECK_FALSE(mp::spf::passlist_path(bad));
    }
}
