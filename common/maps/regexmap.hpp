// regexmap.hpp: a `regex:` map, Postfix regexp_table(5) style: one entry per
// line, `/pattern/flags RESULT`, tried in file order; the first pattern that
// matches the whole lookup string gives its RESULT. `!/pattern/` matches
// when the pattern does not. Full-line `#` comments and blank lines are
// skipped, as in text maps (maps/lines.hpp).
//
//   /^cltname:.*[.-](dyn|dsl|pool|dhcp)[0-9.-]/   error:550 5.7.1 dynamic address, use your provider's relay
//   !/^from:.*@example\.org$/i                      ok
//
// Patterns are pcre2 (rules/regex.hpp: compiled once with JIT, UTF-8, match
// and depth limits). As in Postfix, matching is case-insensitive unless the
// `i` flag toggles it; `m`, `s`, `x` are pcre2's multiline, dotall and
// extended; a `/` inside the pattern is written `\/`. Postfix's if/endif
// blocks and other delimiters are not supported (an error, not a surprise).
// Errors, all collected, name file:line:column: a missing delimiter, an
// unknown flag, a bad pattern (with pcre2's offset), a missing RESULT.
// Immutable once built; find() is thread-safe.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "maps/lines.hpp"
#include "rules/regex.hpp"
#include "util/result.hpp"

namespace mp::maps {

struct RegexEntry {
    rules::Regex re;
    bool negate = false;
    std::string lhs;  // as written, "/pattern/flags"
    std::string rhs;  // verbatim, trimmed
    int line = 0;
    int rhs_column = 0;
};

class RegexMap {
public:
    static Result<RegexMap, Errors> parse(std::string_view text, const std::string& name, const Limits& limits = {});
    static Result<RegexMap, Errors> load(const std::string& path, const Limits& limits = {});

    // The first entry matching `subject`; null when none does. A pattern
    // that hits its match limit stops the lookup: null, and `error` says why.
    const RegexEntry* find(std::string_view subject, std::string* error = nullptr) const;

    const std::vector<RegexEntry>& entries() const { return entries_; }
    const std::string& name() const { return name_; }

private:
    std::string name_;
    std::vector<RegexEntry> entries_;
};

}  // namespace mp::maps
