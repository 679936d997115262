// rules_load.hpp: shared by the rules unit tests: a configuration root with
// the rule and rules sections, and load() of a rule file's text into a
// RuleSet through the real parser (a parse or rule error fails the test).
#pragma once
#include <doctest/doctest.h>

#include <string>

#include "config/config.hpp"
#include "rules/ruleset.hpp"

namespace rulestest {

inline const mp::config::SectionSpec& root_spec() {
    static const mp::config::SectionSpec s{
        .name = "",
        .doc = "test root",
        .options = {},
        .sections = {&mp::rules::table().spec(), &mp::rules::settings_table().spec()}};
    return s;
}

inline mp::rules::RuleSet load(const std::string& text) {
    auto cfg = mp::config::parse(text, "t.conf", root_spec());
    REQUIRE_MESSAGE(cfg, (cfg ? "" : cfg.error().str()));
    auto rs = mp::rules::ruleset_from(cfg->root());
    REQUIRE_MESSAGE(rs, (rs ? "" : rs.error().str()));
    return *rs;
}

}  // namespace rulestest
