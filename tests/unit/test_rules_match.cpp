// test_rules_match.cpp: the matchers of rules/match.hpp through the real
// config parser and RuleSet::evaluate: size (SIZE= and the counted message),
// rcpt_count, spf, tls, body patterns per line of the decoded text, the
// quarantine action and its reason, and the rules section's match limits
// (a pattern fine under the default limit fails under a tiny one).
#include <doctest/doctest.h>

#include <string>

#include "config/config.hpp"
#include "rules/mime.hpp"
#include "rules/ruleset.hpp"
#include "rules_load.hpp"

using namespace mp;
using namespace mp::rules;

namespace {

using rulestest::load;

// What the session knows, in the test's terms.
struct Known {
    std::optional<uint64_t> size{};
    size_t rcpts = 1;
    std::string spf{};
    int tls = 0;  // 0 none, 1 unverified, 2 verified
    std::string body{};
};

// "action/rule/reply-or-reason" at `stage`.
std::string run(const RuleSet& rs, Stage stage, const Known& k) {
    Facts f;
    f.stage = stage;
    f.size = k.size;
    f.rcpt_count = k.rcpts;
    f.spf = k.spf;
    f.tls = k.tls > 0;
    f.tls_verified = k.tls == 2;
    f.body = k.body;
    Outcome o = rs.evaluate(f);
    std::string what = o.verdict.action == verdict::Action::Quarantine ? o.verdict.quarantine_reason
                                                                        : o.verdict.reply.str();
    return std::string(verdict::action_name(o.verdict.action)) + "/" + o.rule + "/" + what;
}

std::string decoded(const std::string& content_type, const std::string& cte, const std::string& body) {
    MimeWalker w(64 * 1024);
    w.header("Content-Type", content_type);
    w.header("Content-Transfer-Encoding", cte);
    w.body(body);
    w.finish();
    return w.text();
}

}  // namespace

TEST_CASE("size, rcpt_count, spf, tls, body and quarantine") {
    const RuleSet rs = load(R"R(
        rule big_announced { stage = mail; size = "> 10m"; action = reject; reply = "552 5.3.4 Too big"; }
        rule big { stage = eom; size = "> 1m"; action = quarantine; reply = "big message (%t)"; }
        rule fanout { stage = data; rcpt_count = ">= 20"; action = tempfail; reply = "452 4.5.3 Too many"; }
        rule spf_bad { stage = mail; spf = { fail, permerror }; action = reject; reply = "550 5.7.23 SPF"; }
        rule plain { stage = rcpt; tls = none; action = tempfail; reply = "454 4.7.0 TLS please"; }
        rule unverified { stage = rcpt; tls = any; action = continue; add_header = "X-TLS: yes"; }
        rule cert { stage = rcpt; tls = verified; action = accept; }
        rule pills { stage = eom; body = "(?i)cheap\\s+(watch|pill)"; action = reject; reply = "550 5.7.1 No %t"; }
        rule held { stage = eom; body = "^HOLD$"; action = quarantine; }
    )R");
    struct Case {
        const char* what;
        Stage stage;
        Known k;
        std::string want;
    };
    const Case cases[] = {
        {"SIZE= over the bound", Stage::Mail, {.size = 11u << 20}, "reject/big_announced/552 5.3.4 Too big"},
        {"SIZE= under it", Stage::Mail, {.size = 10u << 20}, "continue//"},
        {"no SIZE=: size does not match", Stage::Mail, {}, "continue//"},
        {"SPF fail", Stage::Mail, {.spf = "fail"}, "reject/spf_bad/550 5.7.23 SPF"},
        {"SPF permerror", Stage::Mail, {.spf = "permerror"}, "reject/spf_bad/550 5.7.23 SPF"},
        {"SPF softfail", Stage::Mail, {.spf = "softfail"}, "continue//"},
        {"SPF not checked", Stage::Mail, {.spf = ""}, "continue//"},
        {"20 recipients at DATA", Stage::Data, {.rcpts = 20}, "tempfail/fanout/452 4.5.3 Too many"},
        {"19 recipients", Stage::Data, {.rcpts = 19}, "continue//"},
        {"no TLS", Stage::Rcpt, {.tls = 0}, "tempfail/plain/454 4.7.0 TLS please"},
        {"TLS, no certificate", Stage::Rcpt, {.tls = 1}, "continue//"},
        {"verified certificate", Stage::Rcpt, {.tls = 2}, "accept/cert/"},
        {"counted message over 1m: quarantine with the reason", Stage::Eom, {.size = (1u << 20) + 1},
         "quarantine/big/big message ()"},
        {"a body line matching", Stage::Eom, {.size = 10, .body = "hello\nBuy CHEAP  watches now\n"},
         "reject/pills/550 5.7.1 No CHEAP  watch"},
        {"the pattern is per line", Stage::Eom, {.size = 10, .body = "cheap\nwatch\n"}, "continue//"},
        {"^ and $ are the line's", Stage::Eom, {.size = 10, .body = "a\nHOLD\nb\n"}, "quarantine/held/rule held"},
        {"a base64 part, decoded", Stage::Eom,
         {.size = 10, .body = decoded("text/plain", "base64", "QnV5IGNoZWFwIHdhdGNoZXMgbm93IQ==\r\n")},
         "reject/pills/550 5.7.1 No cheap watch"},
        {"the same bytes in an image part are not text", Stage::Eom,
         {.size = 10, .body = decoded("multipart/mixed; boundary=z", "",
                                      "--z\r\nContent-Type: image/gif\r\n\r\ncheap watch\r\n--z--\r\n")},
         "continue//"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.what);
        CHECK(run(rs, c.stage, c.k) == c.want);
    }
}

TEST_CASE("match limits come from the rules section") {
    const std::string rule = "rule p { stage = eom; body = \"^(a|aa)+b\"; action = reject; on_match_error = accept; }\n";
    const std::string subject = std::string(20, 'a') + "cb";  // no match, but a lot of backtracking
    Known k{.size = 1, .body = subject};
    CHECK(run(load(rule), Stage::Eom, k) == "continue//");
    CHECK(run(load("rules { match_limit = 1000; }\n" + rule), Stage::Eom, k) == "accept/p/");
    RuleSet rs = load("rules { match_limit = 5000; depth_limit = 200; body_max = 1m; }\n" + rule);
    CHECK(rs.settings().match_limit == 5000);
    CHECK(rs.settings().depth_limit == 200);
    CHECK(rs.settings().body_max == 1u << 20);
    CHECK(load(rule).settings().body_max == 64 * 1024);
}

TEST_CASE("which rule sets read the body") {
    CHECK_FALSE(load("rule a { stage = mail; size = \"> 1m\"; action = reject; }").reads_body());
    CHECK(load("rule a { stage = eom; size = \"> 1m\"; action = reject; }").counts_body());
    CHECK(load("rule a { stage = eom; body = \"x\"; action = reject; }").reads_body());
    CHECK_FALSE(load("rule a { stage = eom; body = \"x\"; action = reject; }").counts_body());
}
