// test_rules_options.cpp: the rule section's table is well formed, and the
// golden files under tests/golden/rules: each <case>.conf is read into a
// RuleSet; <case>.out holds one line per rule (label, stage, action and what
// it matches on) for a good file, the diagnostics (file:line:column) for a
// bad one. MP_UPDATE_GOLDEN=1 rewrites the .out files.
#include <doctest/doctest.h>

#include <string>

#include "config/config.hpp"
#include "rules/ruleset.hpp"
#include "support/golden.hpp"

using namespace mp;
using namespace mp::rules;

namespace {

const config::SectionSpec& root_spec() {
    static const config::SectionSpec s{.name = "", .doc = "test root", .options = {}, .sections = {&table().spec(), &settings_table().spec()}};
    return s;
}

std::string describe(const Options& o) {
    std::string out = o.label + ": " + stage_name(o.stage) + " -> " + action_name(o.action);
    for (const auto& n : o.client) out += " client=" + n.str();
    if (o.client_name) out += " client_name=/" + o.client_name->pattern() + "/";
    if (o.helo) out += " helo=/" + o.helo->pattern() + "/";
    if (o.from) out += " from=/" + o.from->pattern() + "/";
    if (o.rcpt) out += " rcpt=/" + o.rcpt->pattern() + "/";
    if (o.header) out += " header=" + o.header->name + ":/" + o.header->value.pattern() + "/";
    if (o.authenticated != Auth::Any) out += o.authenticated == Auth::Yes ? " auth=yes" : " auth=no";
    if (o.reply) out += " reply=\"" + o.reply->str() + "\"";
    if (o.grey_wait.count()) out += " grey_wait=" + std::to_string(o.grey_wait.count());
    if (o.white_expire.count()) out += " white_expire=" + std::to_string(o.white_expire.count());
    if (!o.add_header_name.empty()) out += " add_header=" + o.add_header_name + ":" + o.add_header_value;
    if (o.on_match_error != OnMatchError::Tempfail) out += " on_match_error=other";
    if (o.body) out += " body=/" + o.body->pattern() + "/";
    if (o.size) out += " size" + o.size->str();
    if (o.rcpt_count) out += " rcpt_count" + o.rcpt_count->str();
    for (const auto& w : o.spf) out += " spf=" + w;
    if (o.tls) out += *o.tls == Tls::Verified ? " tls=verified" : *o.tls == Tls::Any ? " tls=any" : " tls=none";
    if (!o.quarantine_reason.empty()) out += " reason=\"" + o.quarantine_reason + "\"";
    return out + "\n";
}

std::string run_case(const std::filesystem::path& conf) {
    auto cfg = config::parse(testsupport::slurp(conf), conf.filename().string(), root_spec());
    if (!cfg) return cfg.error().str();
    auto rs = ruleset_from(cfg->root());
    if (!rs) return rs.error().str();
    std::string out;
    for (const auto& r : rs->rules()) out += describe(r);
    return out;
}

}  // namespace

TEST_CASE("the rule table is well formed") {
    CHECK(config::validate_spec(root_spec()).errors.empty());
}

TEST_CASE("golden rule files") {
    size_t n = testsupport::check_golden_dir("rules", {".conf"}, testsupport::OutName::ReplaceExtension, run_case);
    CHECK(n >= 4);
}
