// settings.hpp: the `rules { ... }` section, the bounds shared by every rule
// (docs/rules.md): how much work one pattern match may do, and how much of a
// message body the body matcher reads.
//
//   rules {
//       match_limit = 100000;  # pcre2 match limit: backtracking steps per match
//       depth_limit = 10000;   # pcre2 depth limit
//       body_max = 64k;        # raw body bytes read for `body` patterns
//   }
// Absent section: these defaults. Bounds are in the table (check-config and
// the man page show them).
#pragma once
#include <cstdint>

#include "config/table.hpp"
#include "rules/regex.hpp"

namespace mp::rules {

struct Settings {
    uint32_t match_limit = 100'000;
    uint32_t depth_limit = 10'000;
    uint64_t body_max = 64 * 1024;
    Limits limits() const { return {match_limit, depth_limit}; }
};

const config::Table<Settings>& settings_table();  // "rules"

// The rules section under `root`, or the defaults when there is none.
Result<Settings, config::Diagnostic> settings_from(const config::Section& root);

}  // namespace mp::rules
