// test_greylist_header.cpp: the X-Greylist: value as milter-greylist words
// it: "Delayed for HH:MM:SS by AGENT (HOST); DATE" after a delay, the
// reasons joined and "not delayed by" otherwise; the longest delay wins.
#include <doctest/doctest.h>

#include <string>

#include "greylist/header.hpp"

using namespace mp::greylist;
using namespace std::chrono_literals;

TEST_CASE("delay text") {
    struct Case {
        std::chrono::seconds d;
        const char* text;
    };
    const Case cases[] = {{0s, "00:00:00"},     {2s, "00:00:02"},        {312s, "00:05:12"},
                          {3600s, "01:00:00"},  {86399s, "23:59:59"},    {400762s, "111:19:22"}};
    for (const auto& c : cases) CHECK(delay_text(c.d) == c.text);
}

TEST_CASE("mail date in UTC") {
    CHECK(mail_date(0) == "Thu, 01 Jan 1970 00:00:00 +0000");
    CHECK(mail_date(1796090400) == "Tue, 01 Dec 2026 02:00:00 +0000");
}

TEST_CASE("header values") {
    const int64_t now = 1796090400;
    HeaderNote delayed;
    delayed.delayed_for(75s);
    delayed.delayed_for(312s);
    delayed.delayed_for(10s);
    delayed.exempt(kNotDelayedRcpt);  // a delay wins over reasons
    CHECK(x_greylist(delayed, "milterpack-0.1.0", "mx.example.org", now) ==
          "Delayed for 00:05:12 by milterpack-0.1.0 (mx.example.org); Tue, 01 Dec 2026 02:00:00 +0000");

    HeaderNote two;
    two.exempt(kNotDelayedIp);
    two.exempt(kNotDelayedRcpt);
    two.exempt(kNotDelayedIp);  // once
    CHECK(x_greylist(two, "milterpack-0.1.0", "mx", now) ==
          "Sender IP whitelisted, Recipient e-mail whitelisted, not delayed by milterpack-0.1.0 (mx); "
          "Tue, 01 Dec 2026 02:00:00 +0000");

    HeaderNote none;
    CHECK(none.empty());
    two.delayed_for(0s);
    CHECK(x_greylist(two, "a", "h", now).starts_with("Delayed for 00:00:00 by a (h); "));
}
