// test_callahead_smtp_reply.cpp: SMTP replies from the next hop, complete,
// partial and malformed, and the reply milterpack passes on.
#include <doctest/doctest.h>

#include <string>

#include "callahead/smtp_reply.hpp"

using namespace mp::callahead;

TEST_CASE("complete, partial and malformed replies") {
    struct Case {
        std::string in;
        enum { Complete, Partial, Bad } want;
        int code;
        std::string text;
        size_t used;
    };
    const Case cases[] = {
        {"220 inner ESMTP\r\n", Case::Complete, 220, "inner ESMTP", 17},
        {"250-inner Hello\r\n250-PIPELINING\r\n250 HELP\r\n", Case::Complete, 250, "HELP", 43},
        {"250-inner Hello\r\n250-PIPE", Case::Partial, 0, "", 0},
        {"550 5.1.1 <u@x>... User unknown\n250 next\r\n", Case::Complete, 550, "5.1.1 <u@x>... User unknown", 32},
        {"250\r\n", Case::Complete, 250, "", 5},
        {"", Case::Partial, 0, "", 0},
        {"hello\r\n", Case::Bad, 0, "", 0},
        {"250-a\r\n550 b\r\n", Case::Bad, 0, "", 0},
        {"199 too low\r\n", Case::Bad, 0, "", 0},
        {"250x\r\n", Case::Bad, 0, "", 0},
        {std::string(1200, '2'), Case::Bad, 0, "", 0},
    };
    for (const auto& c : cases) {
        CAPTURE(c.in);
        auto r = parse_smtp_reply(c.in);
        if (c.want == Case::Bad) {
            CHECK_FALSE(r.has_value());
            continue;
        }
        REQUIRE(r.has_value());
        REQUIRE(r->has_value() == (c.want == Case::Complete));
        if (c.want == Case::Partial) continue;
        CHECK((*r)->code == c.code);
        CHECK((*r)->text == c.text);
        CHECK((*r)->used == c.used);
    }
}

TEST_CASE("the reply passed on: code, enhanced code of the same class, printable text") {
    struct Case {
        int code;
        std::string text;
        mp::verdict::Reply want;
    };
    const Case cases[] = {
        {550, "5.1.1 <u@x>... User unknown", {"550", "5.1.1", "<u@x>... User unknown"}},
        {550, "User unknown", {"550", "", "User unknown"}},
        {550, "4.1.1 wrong class", {"550", "", "4.1.1 wrong class"}},
        {250, "2.1.5 Ok", {"250", "2.1.5", "Ok"}},
        {553, "5.1.3", {"553", "5.1.3", ""}},
        {550, "bad\x01text", {"550", "", "badtext"}},
    };
    for (const auto& c : cases) {
        CAPTURE(c.text);
        CHECK(SmtpReply{c.code, c.text, 0}.reply() == c.want);
    }
}
