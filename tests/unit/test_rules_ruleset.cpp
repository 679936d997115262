// test_rules_ruleset.cpp: rule evaluation through the real config parser:
// each matcher, each action, file order and continue, stages, %t, per-rule
// greylisting delays and on_match_error on a pattern that hits its limit.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "config/config.hpp"
#include "rules/ruleset.hpp"
#include "rules_load.hpp"

using namespace mp;
using namespace mp::rules;
using namespace std::chrono_literals;

namespace {

using rulestest::load;

struct Session {
    std::string client = "192.0.2.10", name = "dyn-192-0-2-10.pool.example.net", helo = "friend";
    std::string from = "alice@example.org", rcpt = "bob@example.com";
    bool auth = false;
    std::vector<std::pair<std::string, std::string>> headers;
};

Facts facts(Stage st, const Session& s) {
    Facts f;
    f.stage = st;
    f.client = util::IpAddr::parse(s.client);
    f.client_name = s.name;
    f.helo = s.helo;
    f.from = s.from;
    f.rcpt = s.rcpt;
    f.authenticated = s.auth;
    f.headers = &s.headers;
    return f;
}

// "action/rule/reply" of an outcome, e.g. "reject/r1/550 5.7.1 no", "continue//".
std::string brief(const Outcome& o) {
    std::string a = verdict::action_name(o.verdict.action);
    if (o.greylist) a = "greylist";
    if (o.skip_greylisting) a = "skip_greylisting";
    return a + "/" + o.rule + "/" + o.verdict.reply.str();
}

}  // namespace

TEST_CASE("matchers, actions and order") {
    const RuleSet rs = load(R"(
        rule nets { stage = connect; client = { "10.0.0.0/8", "2001:db8::/32" }; action = accept; }
        rule dyn { stage = connect; client_name = "(^|[.-])(dyn|pool)[.-]"; action = continue;
                   add_header = "X-Dynamic: %t"; }
        rule dynhelo { stage = helo; helo = "^friend$"; client_name = "pool"; action = reject;
                       reply = "550 5.7.1 Go away %t"; }
        rule spammer { stage = mail; from = "@spam\\.example$"; action = discard; }
        rule authed { stage = mail; authenticated = yes; action = accept; }
        rule postmaster { stage = rcpt; rcpt = "^postmaster@"; action = skip_greylisting; }
        rule slow { stage = rcpt; client_name = "pool"; action = greylist; grey_wait = 30m; white_expire = 7d; }
        rule subject { stage = header; header = { "subject", "\\[SPAM\\]" }; action = tempfail;
                       reply = "451 4.7.1 Later: %t"; }
        rule tag { stage = eoh; action = add_header; add_header = "X-Checked: yes"; }
    )");
    struct Case {
        const char* what;
        Stage stage;
        Session s;
        std::string want;
    };
    Session dyn;
    Session lan;
    lan.client = "10.1.2.3";
    Session v6;
    v6.client = "IPv6:2001:db8::5";
    Session clean;
    clean.name = "mx.example.net";
    clean.helo = "mx.example.net";
    Session spam = clean;
    spam.from = "x@spam.example";
    Session authed = clean;
    authed.auth = true;
    Session pm = dyn;
    pm.rcpt = "postmaster@example.com";
    Session subj = clean;
    subj.headers = {{"From", "a@b"}, {"Subject", "hello [SPAM] x"}};
    Session nosubj = clean;
    nosubj.headers = {{"From", "a@b"}, {"X-Subject", "[SPAM]"}};
    const Case cases[] = {
        {"client network v4", Stage::Connect, lan, "accept/nets/"},
        {"client network v6", Stage::Connect, v6, "accept/nets/"},
        {"continue goes on to no decision", Stage::Connect, dyn, "continue//"},
        {"all matchers and %t (last pattern)", Stage::Helo, dyn, "reject/dynhelo/550 5.7.1 Go away friend"},
        {"helo pattern fails", Stage::Helo, clean, "continue//"},
        {"from", Stage::Mail, spam, "discard/spammer/"},
        {"authenticated yes", Stage::Mail, authed, "accept/authed/"},
        {"not authenticated", Stage::Mail, clean, "continue//"},
        {"first match wins (skip before greylist)", Stage::Rcpt, pm, "skip_greylisting/postmaster/"},
        {"greylist", Stage::Rcpt, dyn, "greylist/slow/"},
        {"rcpt stage, nothing matches", Stage::Rcpt, clean, "continue//"},
        {"header name case-insensitive", Stage::Header, subj, "tempfail/subject/451 4.7.1 Later: [SPAM]"},
        {"other header name", Stage::Header, nosubj, "continue//"},
        {"no matcher: always", Stage::Eoh, clean, "continue/tag/"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.what);
        CHECK(brief(rs.evaluate(facts(c.stage, c.s))) == c.want);
    }
}

TEST_CASE("add_header of continue and of the deciding rule") {
    const RuleSet rs = load(R"(
        rule dyn { stage = connect; client_name = "pool"; action = continue; add_header = "X-Dynamic: %t"; }
        rule tag { stage = connect; action = add_header; add_header = "X-Tag:  100%% sure"; }
    )");
    auto o = rs.evaluate(facts(Stage::Connect, Session{}));
    REQUIRE(o.verdict.headers.size() == 2);
    CHECK(o.verdict.headers[0].name == "X-Dynamic");
    CHECK(o.verdict.headers[0].value == "pool");
    CHECK(o.verdict.headers[1].name == "X-Tag");
    CHECK(o.verdict.headers[1].value == "100% sure");
    CHECK(o.rule == "tag");
    CHECK_FALSE(o.verdict.decided());
}

TEST_CASE("per-rule greylisting delays") {
    const RuleSet rs = load(R"(
        rule slow { stage = rcpt; client = "192.0.2.0/24"; action = greylist; grey_wait = 2h; white_expire = 3d; }
        rule plain { stage = rcpt; action = greylist; }
    )");
    Session in, out;
    out.client = "198.51.100.1";
    auto a = rs.evaluate(facts(Stage::Rcpt, in));
    REQUIRE(a.greylist);
    CHECK(a.greylist->rule == "slow");
    CHECK(a.greylist->grey_wait == 2h);
    CHECK(a.greylist->white_expire == 72h);
    auto b = rs.evaluate(facts(Stage::Rcpt, out));
    REQUIRE(b.greylist);
    CHECK(b.greylist->rule == "plain");
    CHECK(b.greylist->grey_wait == 0s);  // the greylisting section's
    CHECK(b.greylist->white_expire == 0s);
}

TEST_CASE("a pattern hitting its limit takes on_match_error") {
    // (a+)+$ on 40 a's and a '!' needs about 2^40 steps; the default limit stops it.
    Session s;
    s.helo = std::string(40, 'a') + "!";
    struct Case {
        const char* on_error;
        std::string want;
    };
    const Case cases[] = {
        {"", "tempfail/bad/451 4.3.0 Temporary policy failure, try again later"},
        {"on_match_error = tempfail;", "tempfail/bad/451 4.3.0 Temporary policy failure, try again later"},
        {"on_match_error = accept;", "accept/bad/"},
        {"on_match_error = continue;", "reject/next/"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.on_error);
        const RuleSet rs = load(std::string("rule bad { stage = helo; helo = \"(a+)+$\"; action = reject; ") +
                                c.on_error + " }\nrule next { stage = helo; action = reject; }");
        auto o = rs.evaluate(facts(Stage::Helo, s));
        CHECK(brief(o) == c.want);
        if (o.rule == "bad") CHECK(o.verdict.reason == "rule bad: match limit exceeded");
    }
}

TEST_CASE("expand") {
    struct Case {
        const char* text;
        std::string matched, want;
    };
    const Case cases[] = {
        {"no %t here", "X", "no X here"},
        {"100%% %t", "a", "100% a"},
        {"%x stays, trailing %", "", "%x stays, trailing %"},
        {"ctl %t", std::string("a\r\nb\x7f"), "ctl a??b?"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.text);
        CHECK(expand(c.text, c.matched) == c.want);
    }
}
