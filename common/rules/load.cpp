// load.cpp: every `rule` section of a configuration into one RuleSet, in
// file order. See ruleset.hpp.
#include "rules/ruleset.hpp"

namespace mp::rules {

Result<RuleSet, config::Diagnostics> ruleset_from(const config::Section& root) {
    std::vector<Options> rules;
    config::Diagnostics errors;
    for (const auto* sec : root.sections(table().spec().name)) {
        auto o = options_from(*sec);
        if (!o) errors.add(o.error());
        else rules.push_back(std::move(*o));
    }
    auto settings = settings_from(root);
    if (!settings) errors.add(settings.error());
    if (!errors.errors.empty()) return Unexpected<config::Diagnostics>{std::move(errors)};
    return RuleSet(std::move(rules), *settings);
}

}  // namespace mp::rules
