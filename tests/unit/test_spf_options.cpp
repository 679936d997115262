// test_spf_options.cpp: the spf section through the real parser, the skip
// rules and the decision table (result -> action, reply with %e and %d).
#include <doctest/doctest.h>

#include "spf/options.hpp"
#include "support/section.hpp"

using namespace mp::spf;
namespace config = mp::config;
using VA = mp::verdict::Action;

namespace {

mp::Result<Options> read(const std::string& text) { return testsupport::read_section(text, table()); }

Outcome outcome(Status s, std::string explanation = "") {
    Outcome o;
    o.result = s;
    o.domain = "example.org";
    o.sender = "a@example.org";
    o.explanation = std::move(explanation);
    return o;
}

}  // namespace

TEST_CASE("option table is valid") { CHECK(config::validate_spec(table().spec()).errors.empty()); }

TEST_CASE("defaults") {
    auto o = read("spf { }");
    REQUIRE(o);
    CHECK(o->mail);
    CHECK_FALSE(o->helo);
    CHECK(o->on_fail == mp::spf::Action::Reject);
    CHECK(o->on_temperror == mp::spf::Action::Tempfail);
    CHECK(o->on_permerror == mp::spf::Action::Continue);
    CHECK(o->reply.str() == "550 5.7.23 %e");
    CHECK(o->timeout.count() == 5);
    CHECK(o->skip_networks.size() == 2);
}

TEST_CASE("values and errors") {
    auto o = read("spf { on_softfail = reject; on_fail = tempfail; skip_networks = { 10.0.0.0/8 }; timeout = 2s;\n"
                  "reply = \"550 5.7.23 Rejected: %e\"; helo = yes; }");
    REQUIRE(o);
    CHECK(o->on_softfail == mp::spf::Action::Reject);
    CHECK(o->helo);
    CHECK(o->skip_networks.at(0).str() == "10.0.0.0/8");
    struct Case {
        const char* text;
        const char* error;
    };
    for (const auto& c : {Case{"spf { on_fail = bounce; }", "t.conf:1:17:"},
                          Case{"spf { reply = \"451 4.7.1 x\"; }", "t.conf:1:7: reply: reply code 451 is not a 5yz"},
                          Case{"spf { tempfail_reply = \"550 5.7.1 x\"; }", "t.conf:1:7: reply: reply code 550 is not a 4yz"},
                          Case{"spf { skip_networks = { 10.0.0.0/33 }; }", "t.conf:1:7: '10.0.0.0/33' is not"},
                          Case{"spf { timeout = 0s; }", "t.conf:1:17:"}}) {
        auto r = read(c.text);
        REQUIRE_FALSE(r);
        CAPTURE(r.error().message);
        CHECK(r.error().message.rfind(c.error, 0) == 0);
    }
}

TEST_CASE("who is not checked") {
    Options o = *read("spf { skip_networks = { 127.0.0.0/8, \"2001:db8::/32\" }; }");
    CHECK(skip_reason(o, "192.0.2.1", true) == "authenticated session");
    CHECK(skip_reason(o, "127.0.0.5", false)->find("skip_networks 127.0.0.0/8") != std::string::npos);
    CHECK(skip_reason(o, "IPv6:2001:db8::1", false));
    CHECK_FALSE(skip_reason(o, "192.0.2.1", false));
    CHECK(skip_reason(o, "", false) == "no client address");
    o.skip_authenticated = false;
    CHECK_FALSE(skip_reason(o, "192.0.2.1", true));
}

TEST_CASE("decisions") {
    Options o = *read("spf { on_softfail = reject; on_permerror = reject; }");
    struct Case {
        Status status;
        const char* explanation;
        VA action;
        const char* reply;
    };
    for (const auto& c : {Case{Status::Pass, "", VA::Continue, ""},
                          Case{Status::Fail, "192.0.2.9 is not ours", VA::Reject, "550 5.7.23 192.0.2.9 is not ours"},
                          Case{Status::SoftFail, "", VA::Reject, "550 5.7.23 SPF softfail for example.org"},
                          Case{Status::Neutral, "", VA::Continue, ""}, Case{Status::None, "", VA::Continue, ""},
                          Case{Status::TempError, "", VA::Tempfail, "451 4.7.24 SPF check of example.org failed temporarily"},
                          Case{Status::PermError, "", VA::Reject, "550 5.7.24 SPF record of example.org is invalid"}}) {
        CAPTURE(result_name(c.status));
        auto v = decide(o, outcome(c.status, c.explanation));
        CHECK(v.action == c.action);
        CHECK(v.reply.str() == c.reply);
        CHECK(v.reason.rfind(std::string("spf ") + result_name(c.status) + " (mailfrom=a@example.org", 0) == 0);
    }
}

TEST_CASE("Authentication-Results part") {
    Outcome o = outcome(Status::Pass);
    CHECK(o.authres() == "spf=pass smtp.mailfrom=a@example.org");
    o.identity = Identity::Helo;
    o.domain = "mx.example.org";
    o.comment = "checked";
    CHECK(o.authres() == "spf=pass (checked) smtp.helo=mx.example.org");
}
