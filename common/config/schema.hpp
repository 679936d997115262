// schema.hpp: the untyped description of a section that the parser, the
// validator, dump-config and the man page work from: options (name, type,
// default, bounds, choices, one doc line) and allowed subsections. Modules do
// not write these by hand: each declares a config::Table (table.hpp) whose
// rows also bind every option to a member of its Options struct, and the
// table builds this spec. Defaults are written as configuration text and go
// through the same parser, so a default can never be something the file
// could not say. Every member has a default member initializer ({}): GCC
// 12's -Wmissing-field-initializers otherwise fires on designated
// initializers that leave members out.
#pragma once
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

namespace mp::config {

enum class Type {
    String,      // quoted or bare word
    Int,         // C notation: 42, 0x2A, 052; bounds min..max
    Bool,        // on/off/yes/no/true/false/1/0
    Time,        // seconds; units w d h m s, sequences "1h 5m 12s"; bounds in seconds
    Size,        // bytes; units B KB MB GB; bounds in bytes
    Enum,        // one word out of choices (case-insensitive)
    Flags,       // a list of words out of choices: `flags = { a, b };` or `flags = a;`
    StringList,  // `{ "a", "b" }` or a single value
};

struct OptionSpec {
    std::string_view name{};
    Type type = Type::String;
    std::string_view def{};  // default as config text; empty = no default (unset)
    int64_t min = std::numeric_limits<int64_t>::min();
    int64_t max = std::numeric_limits<int64_t>::max();
    std::vector<std::string_view> choices{};  // Enum and Flags
    std::string_view doc{};
    bool required = false;  // must appear when its section appears
};

struct SectionSpec {
    std::string_view name{};
    std::string_view doc{};
    std::vector<OptionSpec> options{};
    std::vector<const SectionSpec*> sections{};  // allowed subsections
    bool labelled = false;    // `scanner clam { ... }` takes a label
    bool repeatable = false;  // may appear more than once (labels must differ)
    // Problems found when a config::Table built this spec from bound rows
    // (a row whose binding cannot take its type, ...); validate_spec() reports them.
    std::vector<std::string> defects{};
};

}  // namespace mp::config
