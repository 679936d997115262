// convert.cpp: raw option text -> typed Value, with the messages an operator
// needs: what type was expected (with an example), which choices exist,
// which bounds apply. Also the inverse, format(), used by dump-config.
#include <limits>
#include <string>

#include "config/values.hpp"
#include "util/strings.hpp"

namespace mp::config {

namespace {

std::string join(const std::vector<std::string_view>& v) {
    std::string out;
    for (auto s : v) out += (out.empty() ? "" : ", ") + std::string(s);
    return out;
}

bool is_list_type(Type t) { return t == Type::Flags || t == Type::StringList; }

std::string bound_value(const OptionSpec& spec, int64_t v) {
    if (spec.type == Type::Time) return format_time(v);
    if (spec.type == Type::Size) return format_size(uint64_t(v));
    return std::to_string(v);
}

bool has_min(const OptionSpec& s) { return s.min != std::numeric_limits<int64_t>::min(); }
bool has_max(const OptionSpec& s) { return s.max != std::numeric_limits<int64_t>::max(); }

bool in_bounds(const OptionSpec& spec, const Value& v) {
    if (spec.type == Type::Size) {
        if (has_min(spec) && spec.min > 0 && v.size < uint64_t(spec.min)) return false;
        if (has_max(spec) && (spec.max < 0 || v.size > uint64_t(spec.max))) return false;
        return true;
    }
    return v.n >= spec.min && v.n <= spec.max;
}

// One scalar text into `out`; false when it is not of the spec's type.
bool scalar(const OptionSpec& spec, const std::string& text, Value& out) {
    switch (spec.type) {
        case Type::String: out.s = text; return true;
        case Type::Int: { auto v = parse_int(text); if (v) out.n = *v; return bool(v); }
        case Type::Bool: { auto v = parse_bool(text); if (v) out.b = *v; return bool(v); }
        case Type::Time: { auto v = parse_time(text); if (v) out.n = *v; return bool(v); }
        case Type::Size: { auto v = parse_size(text); if (v) out.size = *v; return bool(v); }
        case Type::Enum:
            for (auto c : spec.choices)
                if (util::iequals(text, c)) { out.s = util::lower(c); return true; }
            return false;
        default: return false;
    }
}

std::optional<ValueError> list_items(const OptionSpec& spec, const RawValue& raw, Value& out) {
    for (const auto& it : raw.items) {
        std::string item = it.text;
        if (spec.type == Type::Flags) {
            bool ok = false;
            for (auto c : spec.choices)
                if (util::iequals(item, c)) { item = util::lower(c); ok = true; }
            if (!ok) return ValueError{"'" + std::string(spec.name) + "' expects " + type_hint(spec) +
                                           ", got '" + it.text + "'", it.line, it.column};
            bool dup = false;
            for (const auto& have : out.list) dup = dup || have == item;
            if (dup) continue;
        }
        out.list.push_back(std::move(item));
    }
    return std::nullopt;
}

}  // namespace

std::string type_name(Type t) {
    switch (t) {
        case Type::String: return "string";
        case Type::Int: return "integer";
        case Type::Bool: return "boolean";
        case Type::Time: return "time";
        case Type::Size: return "size";
        case Type::Enum: return "enum";
        case Type::Flags: return "flags";
        case Type::StringList: return "string list";
    }
    return "?";
}

std::string type_hint(const OptionSpec& spec) {
    switch (spec.type) {
        case Type::String: return "a string";
        case Type::Int: return "an integer (e.g. 42, 0x2A, 052)";
        case Type::Bool: return "a boolean (yes/no, on/off, true/false, 1/0)";
        case Type::Time: return "a time (e.g. 5m, 1h 30m)";
        case Type::Size: return "a size (e.g. 512KB, 10MB)";
        case Type::Enum: return "one of: " + join(spec.choices);
        case Type::Flags: return "flags out of: " + join(spec.choices);
        case Type::StringList: return "a list of strings (e.g. { \"a\", \"b\" })";
    }
    return "?";
}

std::string bounds_text(const OptionSpec& spec) {
    bool lo = has_min(spec), hi = has_max(spec);
    if (spec.type == Type::Time || spec.type == Type::Size) lo = lo && spec.min > 0;
    if (lo && hi) return "between " + bound_value(spec, spec.min) + " and " + bound_value(spec, spec.max);
    if (lo) return "at least " + bound_value(spec, spec.min);
    if (hi) return "at most " + bound_value(spec, spec.max);
    return "";
}

std::optional<ValueError> convert(const OptionSpec& spec, const RawValue& raw, Value& out) {
    std::string name(spec.name);
    out.list.clear();
    if (is_list_type(spec.type)) return list_items(spec, raw, out);
    if (raw.is_list)
        return ValueError{"'" + name + "' expects a single value (" + type_hint(spec) + "), got a list",
                          raw.line, raw.column};
    const RawItem& it = raw.items.at(0);
    if (!scalar(spec, it.text, out))
        return ValueError{"'" + name + "' expects " + type_hint(spec) + ", got '" + it.text + "'", it.line,
                          it.column};
    bool bounded = spec.type == Type::Int || spec.type == Type::Time || spec.type == Type::Size;
    if (bounded && !in_bounds(spec, out))
        return ValueError{"'" + name + "' must be " + bounds_text(spec) + ", got '" + it.text + "'", it.line,
                          it.column};
    return std::nullopt;
}

std::string format(const OptionSpec& spec, const Value& v) {
    switch (spec.type) {
        case Type::String: return quote(v.s);
        case Type::Int: return std::to_string(v.n);
        case Type::Bool: return v.b ? "yes" : "no";
        case Type::Time: return format_time(v.n);
        case Type::Size: return format_size(v.size);
        case Type::Enum: return word_or_quote(v.s);
        case Type::Flags:
        case Type::StringList: {
            std::string out = "{";
            for (size_t i = 0; i < v.list.size(); ++i)
                out += (i ? ", " : " ") + (spec.type == Type::Flags ? word_or_quote(v.list[i]) : quote(v.list[i]));
            return out + (v.list.empty() ? "}" : " }");
        }
    }
    return "";
}

}  // namespace mp::config
