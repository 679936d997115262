// settings.cpp: the rules section's table. See settings.hpp.
#include "rules/settings.hpp"

namespace mp::rules {

const config::Table<Settings>& settings_table() {
    using O = Settings;
    using config::Type;
    static const config::Table<O> t{{
        .name = "rules",
        .doc = "bounds shared by every rule section: pattern match limits and the body bytes read (docs/rules.md)",
        .rows = {
            {.name = "match_limit", .type = Type::Int, .def = "100000", .min = 1000, .max = 10'000'000,
             .to = config::to<&O::match_limit>(),
             .doc = "pcre2 match limit: backtracking steps one match may take before on_match_error applies"},
            {.name = "depth_limit", .type = Type::Int, .def = "10000", .min = 100, .max = 1'000'000,
             .to = config::to<&O::depth_limit>(), .doc = "pcre2 depth limit (nested backtracking) of one match"},
            {.name = "body_max", .type = Type::Size, .def = "64KB", .min = 1024, .max = 16 << 20,
             .to = config::to<&O::body_max>(),
             .doc = "body bytes read for body patterns (decoded text of the first body_max bytes)"},
        },
    }};
    return t;
}

Result<Settings, config::Diagnostic> settings_from(const config::Section& root) {
    const auto* sec = root.section(settings_table().spec().name);
    if (!sec) return Settings{};
    return config::read(*sec, settings_table());
}

}  // namespace mp::rules
