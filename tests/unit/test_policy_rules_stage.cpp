// test_policy_rules_stage.cpp: rules inside the stage pipeline on a real
// Engine (real LMDB greylisting store in a temporary directory): a rule's
// reject at each envelope stage, connect rejections answered at HELO, a
// header rule answered at end of headers, headers added at end-of-data,
// skip_greylisting, per-rule greylisting delays (the retry time in the reply
// is the rule's), and the configuration errors the Engine adds.
#include <doctest/doctest.h>

#include <memory>
#include <string>

#include "config/config.hpp"
#include "policy/engine.hpp"
#include "policy/session.hpp"
#include "test_greylist_fixture.hpp"

using mp::verdict::Action;
using mp::policy::Session;
using greyfix::TempDir;

namespace {

mp::Result<std::shared_ptr<const mp::policy::Engine>, mp::config::Diagnostics> build(const std::string& text) {
    auto cfg = mp::config::parse(text, "test.conf", mp::policy::root_schema());
    if (!cfg) return mp::Unexpected<mp::config::Diagnostics>{cfg.error()};
    return mp::policy::Engine::create(std::move(*cfg));
}

std::shared_ptr<const mp::policy::Engine> engine(const TempDir& t, const std::string& rules) {
    auto e = build("greylisting { grey_wait = 5m; lmdb { path = \"" + t.path + "/grey" +
                   "\"; sync = none; } }\n" + rules);
    if (!e) for (const auto& x : e.error().errors) MESSAGE(x);
    REQUIRE(e.has_value());
    return *e;
}

const char* kRules = R"(
rule bad_client { stage = connect; client = "192.0.2.66"; action = reject; reply = "550 5.7.1 No %t"; }
rule bad_helo { stage = helo; helo = "^localhost$"; action = reject; reply = "550 5.7.1 Bad HELO %t"; }
rule bad_from { stage = mail; from = "@spam\\.example$"; action = reject; reply = "553 5.7.1 Spam %t"; }
rule tag { stage = rcpt; action = continue; add_header = "X-Rcpt-Rule: %t"; rcpt = "^[a-z]+"; }
rule postmaster { stage = rcpt; rcpt = "^postmaster@"; action = skip_greylisting; }
rule slow { stage = rcpt; client = "203.0.113.0/24"; action = greylist; grey_wait = 2h; }
rule spam_subject { stage = header; header = { "Subject", "\\[SPAM\\]" }; action = reject;
                    reply = "550 5.7.1 Subject %t"; }
)";

// A session through MAIL from alice@example.org, each stage passing.
std::unique_ptr<Session> envelope(std::shared_ptr<const mp::policy::Engine> e, const std::string& addr) {
    auto s = std::make_unique<Session>(std::move(e));
    CHECK(s->connect({addr, "", "OK", "MTA", ""}).action == Action::Continue);
    CHECK(s->helo("mx.example.org", {}).action == Action::Continue);
    CHECK(s->mail({"Q1", "alice@example.org", ""}).action == Action::Continue);
    return s;
}

}  // namespace

TEST_CASE("rule verdicts at each stage") {
    TempDir t;
    auto e = engine(t, kRules);
    {
        Session s(e);  // a connect rejection is answered at HELO, as the access map's
        CHECK(s.connect({"192.0.2.66", "", "OK", "MTA", ""}).action == Action::Continue);
        auto v = s.helo("x", {});
        CHECK(v.action == Action::Reject);
        CHECK(v.reply.str() == "550 5.7.1 No ");  // no pattern: %t is empty
    }
    {
        Session s(e);
        CHECK(s.connect({"192.0.2.1", "", "OK", "MTA", ""}).action == Action::Continue);
        CHECK(s.helo("localhost", {}).reply.str() == "550 5.7.1 Bad HELO localhost");
    }
    {
        Session s(e);
        CHECK(s.connect({"192.0.2.1", "", "OK", "MTA", ""}).action == Action::Continue);
        CHECK(s.helo("mx.example.org", {}).action == Action::Continue);
        CHECK(s.mail({"Q1", "x@spam.example", ""}).reply.str() == "553 5.7.1 Spam @spam.example");
        CHECK(s.mail({"Q2", "alice@example.org", ""}).action == Action::Continue);
        CHECK(s.rcpt("<postmaster@example.com>").action == Action::Continue);  // skip_greylisting
        auto g = s.rcpt("<bob@example.com>");  // the section's 5 minutes
        CHECK(g.action == Action::Tempfail);
        CHECK(g.reply.text == "Greylisted, please try again in 300 seconds");
        CHECK(g.reason.find("rule=") == std::string::npos);
    }
}

TEST_CASE("per-rule greylisting delay, and which rule chose it") {
    TempDir t;
    auto e = engine(t, kRules);
    auto s = envelope(e, "203.0.113.7");
    auto g = s->rcpt("<bob@example.com>");
    CHECK(g.action == Action::Tempfail);
    CHECK(g.reply.text == "Greylisted, please try again in 7200 seconds");
    CHECK(g.reason.find("rule=slow") != std::string::npos);
}

TEST_CASE("a header rule answers at end of headers; added headers at end-of-data") {
    TempDir t;
    auto e = engine(t, kRules);
    {
        auto s = envelope(e, "192.0.2.1");
        CHECK(s->rcpt("<postmaster@example.com>").action == Action::Continue);
        s->header("Subject", "buy [SPAM] now");
        s->header("Subject", "second");
        auto v = s->eoh();
        CHECK(v.action == Action::Reject);
        CHECK(v.reply.str() == "550 5.7.1 Subject [SPAM]");
    }
    {
        auto s = envelope(e, "192.0.2.1");
        CHECK(s->rcpt("<postmaster@example.com>").action == Action::Continue);
        s->header("Subject", "hello");
        CHECK(s->eoh().action == Action::Continue);
        auto v = s->eom();
        CHECK(v.action == Action::Continue);
        REQUIRE(v.headers.size() == 1);
        CHECK(v.headers[0].name == "X-Rcpt-Rule");
        CHECK(v.headers[0].value == "postmaster");
    }
}

TEST_CASE("configuration errors the Engine adds") {
    struct Case {
        std::string text, error;
    };
    const Case cases[] = {
        {"rule g { stage = rcpt; action = greylist; }",
         "test.conf:1:24: action greylist needs a greylisting section"},
        {"greylisting { grey_wait = 5m; grey_expire = 1h; lmdb { path = \"/nonexistent/x\"; } }\n"
         "rule g { stage = rcpt; action = greylist; grey_wait = 2h; }",
         "test.conf:2:43: greylisting: grey_wait must be shorter than grey_expire"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.text);
        auto cfg = mp::config::parse(c.text, "test.conf", mp::policy::root_schema());
        REQUIRE(cfg);
        auto e = mp::policy::Engine::create(std::move(*cfg), nullptr, false);
        REQUIRE_FALSE(e);
        REQUIRE(e.error().errors.size() == 1);
        CHECK(e.error().errors[0] == c.error);
    }
}

namespace {

const char* kLateRules = R"R(
rule big_announced { stage = mail; size = "> 1m"; action = reject; reply = "552 5.3.4 Announced too big"; }
rule hold_sender { stage = mail; from = "^hold@"; action = quarantine; reply = "sender %t held"; }
rule fanout { stage = data; rcpt_count = ">= 3"; action = tempfail; reply = "452 4.5.3 Too many"; }
rule plain { stage = rcpt; rcpt = "^tls-only@"; tls = none; action = reject; reply = "550 5.7.0 TLS only"; }
rule pills { stage = eom; body = "(?i)cheap\\s+pills"; action = reject; reply = "550 5.7.1 Body %t"; }
rule hold { stage = eom; body = "^HOLD$"; action = quarantine; reply = "held: %t"; }
rule big { stage = eom; size = "> 2k"; action = discard; }
)R";

// MAIL from `sender`, one RCPT bob@.
std::unique_ptr<Session> transaction(std::shared_ptr<const mp::policy::Engine> e, const std::string& sender) {
    auto s = std::make_unique<Session>(std::move(e));
    CHECK(s->connect({"192.0.2.1", "", "OK", "MTA", ""}).action == Action::Continue);
    CHECK(s->helo("mx.example.org", {}).action == Action::Continue);
    CHECK(s->mail({"Q1", sender, ""}).action == Action::Continue);
    CHECK(s->rcpt("<bob@example.com>").action == Action::Continue);
    return s;
}

// Headers, body in small chunks, end of data.
mp::verdict::Verdict message(Session& s, const std::string& ctype, const std::string& cte, const std::string& body) {
    s.header("Subject", "hello");
    if (!ctype.empty()) s.header("Content-Type", ctype);
    if (!cte.empty()) s.header("Content-Transfer-Encoding", cte);
    CHECK(s.eoh().action == Action::Continue);
    for (size_t i = 0; i < body.size(); i += 5) s.body(std::string_view(body).substr(i, 5));
    return s.eom();
}

}  // namespace

TEST_CASE("late rules: SIZE=, rcpt_count at DATA, TLS, body, quarantine, counted size") {
    auto built = build(kLateRules);  // no greylisting: every recipient goes on
    REQUIRE(built.has_value());
    auto e = *built;
    {
        Session s(e);
        CHECK(s.connect({"192.0.2.1", "", "OK", "MTA", ""}).action == Action::Continue);
        CHECK(s.helo("mx.example.org", {}).action == Action::Continue);
        mp::policy::MailFacts m{"Q1", "alice@example.org", ""};
        m.size = 2u << 20;
        CHECK(s.mail(m).reply.str() == "552 5.3.4 Announced too big");
        m.size = 1000;
        CHECK(s.mail(m).action == Action::Continue);
        m.size.reset();
        CHECK(s.mail(m).action == Action::Continue);  // no SIZE=: size does not match
    }
    {
        auto s = transaction(e, "alice@example.org");
        CHECK(s->rcpt("<a@example.com>").action == Action::Continue);
        CHECK(s->data().action == Action::Continue);  // two recipients
        CHECK(s->rcpt("<b@example.com>").action == Action::Continue);
        CHECK(s->data().reply.str() == "452 4.5.3 Too many");
    }
    {
        auto s = transaction(e, "alice@example.org");
        CHECK(s->rcpt("<tls-only@example.com>").reply.str() == "550 5.7.0 TLS only");
        Session tls(e);
        CHECK(tls.connect({"192.0.2.1", "", "OK", "MTA", ""}).action == Action::Continue);
        CHECK(tls.helo("mx.example.org", {"NO", "", "", "TLSv1.3"}).action == Action::Continue);
        CHECK(tls.mail({"Q1", "alice@example.org", ""}).action == Action::Continue);
        CHECK(tls.rcpt("<tls-only@example.com>").action == Action::Continue);
    }
    {
        auto s = transaction(e, "alice@example.org");
        auto v = message(*s, "text/plain", "base64", "SGksCkJ1eSBDSEVBUCAgcGlsbHMgaGVyZSEK\r\n");
        CHECK(v.action == Action::Reject);
        CHECK(v.reply.str() == "550 5.7.1 Body CHEAP  pills");
    }
    {
        auto s = transaction(e, "alice@example.org");
        CHECK(s->reads_body());
        auto v = message(*s, "", "", "first\r\nHOLD\r\nlast\r\n");
        CHECK(v.action == Action::Quarantine);
        CHECK(v.quarantine_reason == "held: HOLD");
    }
    {
        auto s = transaction(e, "hold@example.org");  // quarantined at MAIL, applied at end of data
        auto v = message(*s, "", "", "nothing to see\r\n");
        CHECK(v.action == Action::Quarantine);
        CHECK(v.quarantine_reason == "sender hold@ held");
        CHECK(s->mail({"Q2", "alice@example.org", ""}).action == Action::Continue);  // nothing kept
        CHECK(s->rcpt("<bob@example.com>").action == Action::Continue);
        CHECK(message(*s, "", "", "nothing to see\r\n").action == Action::Continue);
    }
    {
        auto s = transaction(e, "alice@example.org");
        auto v = message(*s, "", "", std::string(3000, 'x') + "\r\n");  // counted: headers and body
        CHECK(v.action == Action::Discard);
    }
}
