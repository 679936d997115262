// test_access_rhs.cpp: the RHS grammar of sendmail X README 3.9.3, good and bad, and
// the soft_bounce rewrite.
#include <doctest/doctest.h>

#include "access/decision.hpp"
#include "access/rhs.hpp"

using namespace mp::access;

TEST_CASE("good right-hand sides") {
    struct Case { const char* in; Action action; bool quick; const char* reply; };
    const Case cases[] = {
        {"ok", Action::Ok, false, ""},
        {"OK", Action::Ok, false, ""},
        {"relay", Action::Relay, false, ""},
        {"quick:relay", Action::Relay, true, ""},
        {"Quick:Ok", Action::Ok, true, ""},
        {"discard", Action::Discard, false, ""},
        {"quick:discard", Action::Discard, true, ""},
        {"cont", Action::Cont, false, ""},
        {"reject", Action::Error, false, "550 5.7.0 Rejected."},
        {"quick:reject", Action::Error, true, "550 5.7.0 Rejected."},
        {"error:451 4.7.1 reverse lookup failed", Action::Error, false, "451 4.7.1 reverse lookup failed"},
        {"error:551 5.7.1 Bad IP address 127.0.0.1 in MX/A list", Action::Error, false,
         "551 5.7.1 Bad IP address 127.0.0.1 in MX/A list"},
        {"quick:error:551 5.7.1 No mail from spammers", Action::Error, true, "551 5.7.1 No mail from spammers"},
        {"ERROR:550 5.7.1", Action::Error, false, "550 5.7.1"},
        {"error:550", Action::Error, false, "550"},
        {"error:550 Go away # not a comment", Action::Error, false, "550 Go away # not a comment"},
        {"error: 452 4.3.1   Busy  ", Action::Error, false, "452 4.3.1 Busy"},
        {"error:554 5.123.456 x", Action::Error, false, "554 5.123.456 x"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.in);
        auto r = parse_rhs(c.in);
        REQUIRE(r);
        CHECK(r->action == c.action);
        CHECK(r->quick == c.quick);
        CHECK(r->reply.str() == c.reply);
    }
}

TEST_CASE("bad right-hand sides name the column") {
    struct Case { const char* in; size_t offset; const char* message; };
    const Case cases[] = {
        {"okay", 0, "unknown right-hand side 'okay' (expected ok, relay, reject, discard, cont or error:CODE ...)"},
        {"quick:", 6, "unknown right-hand side '' (expected ok, relay, reject, discard, cont or error:CODE ...)"},
        {"quick:quick:ok", 6, "unknown right-hand side 'quick:ok' (expected ok, relay, reject, discard, cont or error:CODE ...)"},
        {"error:", 6, "expected a three-digit reply code, got ''"},
        {"error:55 5.7.1 x", 6, "expected a three-digit reply code, got '55 5.7.1 x'"},
        {"error:5500 x", 6, "expected a three-digit reply code, got '5500 x'"},
        {"error:250 2.0.0 fine", 6, "reply code 250 is not a 4yz or 5yz rejection"},
        {"error:570 5.7.1 x", 6, "reply code 570 is not a 4yz or 5yz rejection"},
        {"quick:error:550 4.7.1 mixed", 16, "enhanced status code 4.7.1 does not match reply code 550"},
        {"error:450 5.7.1 mixed", 10, "enhanced status code 5.7.1 does not match reply code 450"},
        {"error:550 5.7 short", 10, "malformed enhanced status code '5.7'"},
        {"error:550 5.7.1.2 long", 10, "malformed enhanced status code '5.7.1.2'"},
        {"error:550 5.1234.1 long", 10, "malformed enhanced status code '5.1234.1'"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.in);
        auto r = parse_rhs(c.in);
        REQUIRE_FALSE(r);
        CHECK(r.error().offset == c.offset);
        CHECK(r.error().message == c.message);
    }
}

TEST_CASE("soft_bounce turns 5yz into 4yz, including the enhanced code") {
    Flags soft{.soft_bounce = true};
    auto d = reject_decision({"550", "5.7.0", "Rejected."}, soft);
    CHECK(d.kind == Decision::Kind::Tempfail);
    CHECK(d.reply.str() == "450 4.7.0 Rejected.");
    auto n = reject_decision({"551", "", "x"}, soft);
    CHECK(n.reply.str() == "451 x");
    auto t = reject_decision({"451", "4.7.1", "later"}, soft);
    CHECK(t.reply.str() == "451 4.7.1 later");
    auto hard = reject_decision({"554", "5.7.1", "no"}, Flags{});
    CHECK(hard.kind == Decision::Kind::Reject);
    CHECK(hard.reply.str() == "554 5.7.1 no");
    CHECK(reject_decision({"421", "4.3.2", "x"}, Flags{}).kind == Decision::Kind::Tempfail);
}
