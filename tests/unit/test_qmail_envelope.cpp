// test_qmail_envelope.cpp: qmail-queue envelopes, well-formed and not.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "qmail/envelope.hpp"

using namespace mp::qmail;
using namespace std::string_literals;

TEST_CASE("envelopes") {
    struct Case {
        std::string in;
        bool ok;
        std::string sender;
        std::vector<std::string> rcpts;
    };
    const Case cases[] = {
        {"Fa@b\0Tc@d\0\0"s, true, "a@b", {"c@d"}},
        {"F\0Tc@d\0Te@f\0\0"s, true, "", {"c@d", "e@f"}},
        {"Fa@b\0Tc@d\0"s, false, "", {}},          // no final NUL
        {"Fa@b\0\0"s, false, "", {}},              // no recipient
        {"Tc@d\0\0"s, false, "", {}},              // no sender
        {"Fa@b\0Tc@d\0\0junk"s, false, "", {}},    // bytes after the end
        {"Fa@b\0Xc@d\0\0"s, false, "", {}},        // unknown field
        {"Fa@b\0Fc@d\0Te@f\0\0"s, false, "", {}},  // two senders
        {"Fa@b\0T\0\0"s, false, "", {}},           // empty recipient
        {"Fa@b"s, false, "", {}},                   // unterminated
        {""s, false, "", {}},
    };
    for (const auto& c : cases) {
        CAPTURE(c.in);
        auto e = parse_envelope(c.in);
        REQUIRE(e.has_value() == c.ok);
        if (!c.ok) continue;
        CHECK(e->sender == c.sender);
        CHECK(e->rcpts == c.rcpts);
    }
}
