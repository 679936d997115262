// values.hpp (internal): typed option values. convert() turns the raw text of
// one option into its typed Value (checking type, choices and bounds) and
// says what was wrong otherwise; format() writes a Value back as config text
// that converts to the same Value (dump-config relies on that).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "config/syntax.hpp"

namespace mp::config {

struct Value {
    bool present = false;  // set in the file or by a default
    bool set = false;      // written in the file
    Location where;        // where the file set it
    std::string s;         // String, Enum (lowercased)
    int64_t n = 0;         // Int, Time (seconds)
    uint64_t size = 0;     // Size (bytes)
    bool b = false;        // Bool
    std::vector<std::string> list;  // StringList, Flags (lowercased)
};

struct ValueError {
    std::string message;
    int line = 0, column = 0;
};

std::optional<ValueError> convert(const OptionSpec& spec, const RawValue& raw, Value& out);
// The spec's default (config text), through the same lexer, parser and convert().
std::optional<std::string> convert_default(const OptionSpec& spec, Value& out);

std::string format(const OptionSpec& spec, const Value& v);
std::string format_time(int64_t seconds);
std::string format_size(uint64_t bytes);
std::string quote(std::string_view s);          // "..." with C escapes
std::string word_or_quote(std::string_view s);  // bare when the grammar allows
std::string type_name(Type t);                  // "time", "size", ...
std::string type_hint(const OptionSpec& spec);  // "a time (e.g. 5m, 1h 30m)"
std::string bounds_text(const OptionSpec& spec);  // "between 1 and 10", "" when unbounded

}  // namespace mp::config
