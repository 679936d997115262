// test_pmilter_reply.cpp: verdicts -> SMTP_R_* codes and reply lines with
// the policy's exact code, enhanced code and text, CRLF-terminated.
#include <doctest/doctest.h>

#include "pmilter/reply.hpp"
#include "sm/smreplycodes.h"

using namespace mp::pmilter;

namespace {

Verdict verdict(Action a, std::string rcode = "", std::string xcode = "", std::string text = "") {
    Verdict v;
    v.action = a;
    v.reply.code = std::move(rcode);
    v.reply.xcode = std::move(xcode);
    v.reply.text = std::move(text);
    return v;
}

struct ReplyRow {
    const char* what;
    Verdict v;
    sfsistat_T code;
    std::string line;
};

}  // namespace

TEST_CASE("verdict -> return code and reply line") {
    const ReplyRow rows[] = {
        {"continue", verdict(Action::Continue), SMTP_R_CONT, ""},
        {"accept", verdict(Action::Accept), SMTP_R_ACCEPT, ""},
        {"discard", verdict(Action::Discard), SMTP_R_DISCARD, ""},
        {"access to: error text", verdict(Action::Reject, "550", "5.7.1", "go away, spammer"), SMTP_R_PERM,
         "550 5.7.1 go away, spammer\r\n"},
        {"4xx reject is a tempfail", verdict(Action::Reject, "450", "4.2.1", "mailbox busy"), SMTP_R_TEMP,
         "450 4.2.1 mailbox busy\r\n"},
        {"greylisting", verdict(Action::Tempfail, "451", "4.7.1", "Greylisted, try again later"), SMTP_R_TEMP,
         "451 4.7.1 Greylisted, try again later\r\n"},
        {"reject without a code", verdict(Action::Reject), SMTP_R_PERM, "550 5.7.1 Command rejected\r\n"},
        {"tempfail without a code", verdict(Action::Tempfail), SMTP_R_TEMP, "451 4.3.2 Please try again later\r\n"},
        {"no enhanced code", verdict(Action::Reject, "554", "", "no"), SMTP_R_PERM, "554 no\r\n"},
        {"no text", verdict(Action::Reject, "553", "5.1.8", ""), SMTP_R_PERM, "553 5.1.8\r\n"},
        {"control bytes in the text", verdict(Action::Reject, "550", "5.7.1", "a\r\nb\tc"), SMTP_R_PERM,
         "550 5.7.1 a??b?c\r\n"},
        {"percent is not special here", verdict(Action::Reject, "550", "5.7.1", "100% spam"), SMTP_R_PERM,
         "550 5.7.1 100% spam\r\n"},
        {"quarantine is unavailable: held at the sender", verdict(Action::Quarantine), SMTP_R_TEMP,
         "451 4.7.1 Message held: please try again later\r\n"},
    };
    for (const auto& r : rows) {
        std::string what = r.what;
        CAPTURE(what);
        Reply got = reply_for(r.v);
        CHECK(got.code == r.code);
        CHECK(got.line == r.line);
    }
}

TEST_CASE("internal errors tempfail with a reply") {
    CHECK(internal_error().code == SMTP_R_TEMP);
    CHECK(internal_error().line.starts_with("451 "));
    CHECK(internal_error().line.ends_with("\r\n"));
}
