// schema.hpp: the typed option tables. Each module declares its section once
// (name, type, default, bounds, one doc line per option); that table drives
// parsing, validation, `milterpack check-config`, `dump-config` and the man page.
// Defaults are written as configuration text and go through the same parser,
// so a default can never be something the file could not say.
//
//   const config::SectionSpec& greylist::schema() {
//       static const config::SectionSpec s{
//           .name = "greylisting",
//           .doc = "greylisting at RCPT (sendmail X README 3.9.4)",
//           .options = {
//               {.name = "grey_wait", .type = config::Type::Time, .def = "5m",
//                .min = 0, .max = 7 * 86400, .doc = "..."},
//               {.name = "key", .type = config::Type::Enum, .def = "client_ip",
//                .choices = {"client_ip", "triplet"}, .doc = "..."},
//           }};
//       return s;
//   }
// Every member has a default member initializer ({}): GCC 12's
// -Wmissing-field-initializers otherwise fires on designated initializers
// that leave members out, which every table here does.
#pragma once
#include <cstdint>
#include <limits>
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
};

}  // namespace mp::config
