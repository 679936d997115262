// test_verdict_reply.cpp: the one SMTP reply parser under each set of rules
// its callers state (access map error:, protected_recipients, scanner and
// greylisting replies): what parses into which Reply, and each error with its
// offset and message; plus Reply::str() and the soft_bounce rewrite.
#include <doctest/doctest.h>

#include "verdict/reply.hpp"

using namespace mp::verdict;
using C = ReplyRules::Class;

namespace {

const ReplyRules any{};  // access map error:, protected_recipients
const ReplyRules temp_full{.accept = C::Temporary, .xcode_required = true, .text_required = true};  // greylisting
const ReplyRules perm{.accept = C::Permanent};  // scanner reply for on_infected = reject
const ReplyRules loose{.xcode_class_matches = false};

}  // namespace

TEST_CASE("valid replies under each rule set") {
    struct Case { const char* in; const ReplyRules* rules; const char* code; const char* xcode; const char* text; };
    const Case cases[] = {
        {"550", &any, "550", "", ""},
        {"550 5.7.1", &any, "550", "5.7.1", ""},
        {"550 Go away # not a comment", &any, "550", "", "Go away # not a comment"},
        {"  554 5.7.0  Virus %v found ", &any, "554", "5.7.0", "Virus %v found"},
        {"452\t4.3.1\tBusy", &any, "452", "4.3.1", "Busy"},
        {"554 5.123.456 x", &any, "554", "5.123.456", "x"},
        {"451 4.7.1 Greylisted for %r seconds", &temp_full, "451", "4.7.1", "Greylisted for %r seconds"},
        {"550 5.7.1 Virus found: %v", &perm, "550", "5.7.1", "Virus found: %v"},
        {"550 no enhanced code", &perm, "550", "", "no enhanced code"},
        {"550 2.0.0 odd but allowed", &loose, "550", "2.0.0", "odd but allowed"},
        {"451 x.y not a code", &any, "451", "", "x.y not a code"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.in);
        auto r = parse_reply(c.in, *c.rules);
        REQUIRE_MESSAGE(r, r.error().message);
        CHECK(r->code == c.code);
        CHECK(r->xcode == c.xcode);
        CHECK(r->text == c.text);
    }
}

TEST_CASE("invalid replies: offset and message") {
    struct Case { const char* in; const ReplyRules* rules; size_t offset; const char* message; };
    const Case cases[] = {
        {"", &any, 0, "expected a three-digit reply code, got ''"},
        {"Greylisted", &temp_full, 0, "expected a three-digit reply code, got 'Greylisted'"},
        {"55 5.7.1 x", &any, 0, "expected a three-digit reply code, got '55 5.7.1 x'"},
        {"5500 x", &any, 0, "expected a three-digit reply code, got '5500 x'"},
        {"  5x0 x", &any, 2, "expected a three-digit reply code, got '5x0 x'"},
        {"250 2.0.0 fine", &any, 0, "reply code 250 is not a 4yz or 5yz rejection"},
        {"570 5.7.1 x", &any, 0, "reply code 570 is not a 4yz or 5yz rejection"},
        {"650 6.0.0 x", &any, 0, "reply code 650 is not a 4yz or 5yz rejection"},
        {"550 5.7.1 no", &temp_full, 0, "reply code 550 is not a 4yz rejection"},
        {"451 4.7.1 later", &perm, 0, "reply code 451 is not a 5yz rejection"},
        {"550 4.7.1 mixed", &any, 4, "enhanced status code 4.7.1 does not match reply code 550"},
        {"451 5.7.1 x", &temp_full, 4, "enhanced status code 5.7.1 does not match reply code 451"},
        {"550 5.7 short", &any, 4, "malformed enhanced status code '5.7'"},
        {"451 4.7 x", &temp_full, 4, "malformed enhanced status code '4.7'"},
        {"550 5.7.1.2 long", &any, 4, "malformed enhanced status code '5.7.1.2'"},
        {"550 5.1234.1 long", &any, 4, "malformed enhanced status code '5.1234.1'"},
        {"550 6.0.0 x", &loose, 4, "malformed enhanced status code '6.0.0'"},
        {"451 Greylisted now", &temp_full, 4, "expected an enhanced status code (e.g. 4.7.1) after reply code 451"},
        {"451", &temp_full, 3, "expected an enhanced status code (e.g. 4.7.1) after reply code 451"},
        {"451 4.7.1", &temp_full, 9, "expected a text after the reply code"},
        {"451 4.7.1   ", &temp_full, 12, "expected a text after the reply code"},
        {"550 5.7.1 a\tb", &any, 11, "reply text must not contain control characters"},
        {"550 a\r\nb", &any, 5, "reply text must not contain control characters"},
        {"550 \r5.7x away", &any, 4, "reply text must not contain control characters"},
        {"550 5.7.1 text\r\n", &any, 14, "reply text must not contain control characters"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.in);
        auto r = parse_reply(c.in, *c.rules);
        REQUIRE_FALSE(r);
        CHECK(r.error().offset == c.offset);
        CHECK(r.error().message == c.message);
    }
}

TEST_CASE("Reply::str leaves out absent parts; temporary() is the 4yz class") {
    CHECK(Reply{"550", "5.7.1", "no"}.str() == "550 5.7.1 no");
    CHECK(Reply{"550", "", "no"}.str() == "550 no");
    CHECK(Reply{"451", "4.7.1", ""}.str() == "451 4.7.1");
    CHECK(Reply{}.str() == "");
    CHECK(Reply{"451", "", ""}.temporary());
    CHECK_FALSE(Reply{"550", "", ""}.temporary());
    CHECK_FALSE(Reply{}.temporary());
}

TEST_CASE("soft_bounced turns 5yz into 4yz, including the enhanced code") {
    struct Case { Reply in; const char* out; };
    const Case cases[] = {
        {{"550", "5.7.0", "Rejected."}, "450 4.7.0 Rejected."},
        {{"551", "", "x"}, "451 x"},
        {{"451", "4.7.1", "later"}, "451 4.7.1 later"},
        {{"", "", ""}, ""},
    };
    for (const auto& c : cases) {
        CAPTURE(c.out);
        CHECK(soft_bounced(c.in).str() == c.out);
    }
}

TEST_CASE("enhanced status code syntax") {
    for (const char* good : {"2.0.0", "4.7.1", "5.123.456", "5.1.10"}) CHECK_MESSAGE(is_enhanced_code(good), good);
    for (const char* bad : {"", "5.7", "5..1", "5.7.", "3.0.0", "5.7.1.2", "5.1234.1", "x.7.1", "5-7-1", "55.7.1"})
        CHECK_MESSAGE(!is_enhanced_code(bad), bad);
}
