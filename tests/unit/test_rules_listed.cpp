// test_rules_listed.cpp: the dnsbl/dnswl matchers: a rule naming lists
// matches when the session's listings hold one of them of the right kind,
// %t is that listing's TXT (or A) record, and no listing (a DNS failure, or
// nothing asked) never matches.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "rules/listed.hpp"
#include "rules/ruleset.hpp"

using namespace mp;
using namespace mp::rules;
using dnsbl::Kind;

namespace {

// A rule built in code (the parser is test_rules_options's business).
Options rule(std::string label, Stage stage, Action action, std::vector<std::string> bl,
             std::vector<std::string> wl = {}) {
    Options o;
    o.label = std::move(label);
    o.stage = stage;
    o.action = action;
    o.dnsbl = std::move(bl);
    o.dnswl = std::move(wl);
    return o;
}

const dnsbl::Listings kListed = {
    {"soft", Kind::Block, "127.0.0.2", "127.0.0.2"},
    {"hard", Kind::Block, "127.0.0.10", "Listed: see http://bl.test/q?127.0.0.3"},
    {"wl", Kind::Allow, "127.0.10.1", "127.0.10.1"},
};

}  // namespace

TEST_CASE("listed_on") {
    struct Case {
        std::vector<std::string> labels;
        Kind kind;
        const dnsbl::Listings* listings;
        const char* text;  // nullptr: no match
    };
    const dnsbl::Listings none;
    const Case cases[] = {
        {{"soft"}, Kind::Block, &kListed, "127.0.0.2"},
        {{"other", "hard"}, Kind::Block, &kListed, "Listed: see http://bl.test/q?127.0.0.3"},
        {{"wl"}, Kind::Block, &kListed, nullptr},  // an allow list is not a block list
        {{"wl"}, Kind::Allow, &kListed, "127.0.10.1"},
        {{"soft"}, Kind::Allow, &kListed, nullptr},
        {{"soft"}, Kind::Block, &none, nullptr},     // not listed, or the lookup failed
        {{"soft"}, Kind::Block, nullptr, nullptr},   // nothing asked
    };
    for (const auto& c : cases) {
        const auto* l = listed_on(c.labels, c.kind, c.listings);
        CHECK((l == nullptr) == (c.text == nullptr));
        if (l && c.text) CHECK(l->text == c.text);
    }
}

TEST_CASE("dnsbl and dnswl rules through evaluate") {
    Options hard = rule("hard", Stage::Mail, Action::Reject, {"hard"});
    hard.reply = *verdict::parse_reply("550 5.7.1 Blocked: %t", {});
    Options soft = rule("soft", Stage::Rcpt, Action::Greylist, {"soft"});
    soft.grey_wait = std::chrono::seconds(3600);
    Options tag = rule("tag", Stage::Mail, Action::Continue, {"soft"});
    tag.add_header_name = "X-DNSBL";
    tag.add_header_value = "soft %t";
    RuleSet rs({hard, rule("wl", Stage::Rcpt, Action::SkipGreylisting, {}, {"wl"}), soft, tag});
    auto facts = [](Stage st, const dnsbl::Listings* l) {
        Facts f;
        f.stage = st;
        f.listings = l;
        return f;
    };
    Outcome o = rs.evaluate(facts(Stage::Mail, &kListed));
    CHECK(o.verdict.action == verdict::Action::Reject);
    CHECK(o.verdict.reply.text == "Blocked: Listed: see http://bl.test/q?127.0.0.3");

    dnsbl::Listings soft_only = {kListed[0]};
    o = rs.evaluate(facts(Stage::Mail, &soft_only));
    CHECK(o.verdict.action == verdict::Action::Continue);
    REQUIRE(o.verdict.headers.size() == 1);
    CHECK(o.verdict.headers[0].value == "soft 127.0.0.2");
    o = rs.evaluate(facts(Stage::Rcpt, &soft_only));
    REQUIRE(o.greylist);
    CHECK(o.greylist->grey_wait == std::chrono::seconds(3600));

    o = rs.evaluate(facts(Stage::Rcpt, &kListed));  // wl comes first in file order
    CHECK(o.skip_greylisting);
    CHECK_FALSE(o.greylist);

    const dnsbl::Listings none;
    o = rs.evaluate(facts(Stage::Rcpt, &none));
    CHECK_FALSE(o.greylist);
    CHECK_FALSE(o.skip_greylisting);
    CHECK(rs.evaluate(facts(Stage::Mail, nullptr)).verdict.action == verdict::Action::Continue);
}
