// values.cpp: the scalar value forms of sendmail X README 3.2 and their inverse.
// Numbers in C notation (42, 0x2A, 052, optional '-'); booleans
// 0/false/off/no and 1/true/on/yes; times as sequences of number+unit
// (w d h m s, "1h 5m 12s" or "1h5m12s", a lone number is seconds); sizes
// likewise with B K KB M MB G GB (KB = 1024, a lone number is bytes).
// Units are case-insensitive. Every overflow is a parse failure.
#include <cstdint>
#include <limits>
#include <string>

#include "config/lexer.hpp"
#include "config/values.hpp"
#include "util/strings.hpp"

namespace mp::config {

namespace {

int digit_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return 99;
}

std::optional<uint64_t> parse_unsigned(std::string_view s, int base) {
    if (s.empty()) return std::nullopt;
    uint64_t v = 0;
    for (char c : s) {
        int d = digit_value(c);
        if (d >= base) return std::nullopt;
        if (__builtin_mul_overflow(v, uint64_t(base), &v) || __builtin_add_overflow(v, uint64_t(d), &v))
            return std::nullopt;
    }
    return v;
}

bool is_space(char c) { return c == ' ' || c == '\t'; }

// "<number><unit>" sequences; unit_of maps a lowercased unit ("" allowed
// only for a lone number) to its multiplier, or 0 when unknown.
template <class UnitOf>
std::optional<uint64_t> parse_units(std::string_view s, UnitOf unit_of) {
    uint64_t total = 0;
    size_t i = 0, parts = 0;
    bool bare = false;
    while (i < s.size()) {
        while (i < s.size() && is_space(s[i])) ++i;
        if (i == s.size()) break;
        size_t j = i;
        while (j < s.size() && s[j] >= '0' && s[j] <= '9') ++j;
        auto num = parse_unsigned(s.substr(i, j - i), 10);
        if (!num) return std::nullopt;
        while (j < s.size() && is_space(s[j])) ++j;
        size_t k = j;
        while (k < s.size() && ((s[k] >= 'a' && s[k] <= 'z') || (s[k] >= 'A' && s[k] <= 'Z'))) ++k;
        std::string unit = util::lower(s.substr(j, k - j));
        uint64_t mult = unit.empty() ? 1 : unit_of(unit);
        if (mult == 0) return std::nullopt;
        bare = bare || unit.empty();
        uint64_t part;
        if (__builtin_mul_overflow(*num, mult, &part) || __builtin_add_overflow(total, part, &total))
            return std::nullopt;
        ++parts;
        i = k;
    }
    if (parts == 0 || (bare && parts > 1)) return std::nullopt;
    return total;
}

}  // namespace

std::optional<int64_t> parse_int(std::string_view text) {
    bool neg = !text.empty() && text[0] == '-';
    if (neg) text.remove_prefix(1);
    std::optional<uint64_t> mag;
    if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X'))
        mag = parse_unsigned(text.substr(2), 16);
    else if (text.size() > 1 && text[0] == '0')
        mag = parse_unsigned(text.substr(1), 8);
    else
        mag = parse_unsigned(text, 10);
    if (!mag) return std::nullopt;
    constexpr uint64_t lim = uint64_t(std::numeric_limits<int64_t>::max());
    if (neg) {
        if (*mag > lim + 1) return std::nullopt;
        return *mag == lim + 1 ? std::numeric_limits<int64_t>::min() : -int64_t(*mag);
    }
    if (*mag > lim) return std::nullopt;
    return int64_t(*mag);
}

std::optional<bool> parse_bool(std::string_view text) {
    for (const char* t : {"1", "true", "on", "yes"})
        if (util::iequals(text, t)) return true;
    for (const char* f : {"0", "false", "off", "no"})
        if (util::iequals(text, f)) return false;
    return std::nullopt;
}

std::optional<int64_t> parse_time(std::string_view text) {
    auto v = parse_units(text, [](const std::string& u) -> uint64_t {
        if (u == "s") return 1;
        if (u == "m") return 60;
        if (u == "h") return 3600;
        if (u == "d") return 86400;
        if (u == "w") return 7 * 86400;
        return 0;
    });
    if (!v || *v > uint64_t(std::numeric_limits<int64_t>::max())) return std::nullopt;
    return int64_t(*v);
}

std::optional<uint64_t> parse_size(std::string_view text) {
    return parse_units(text, [](const std::string& u) -> uint64_t {
        if (u == "b") return 1;
        if (u == "k" || u == "kb") return uint64_t(1) << 10;
        if (u == "m" || u == "mb") return uint64_t(1) << 20;
        if (u == "g" || u == "gb") return uint64_t(1) << 30;
        return 0;
    });
}

std::string format_time(int64_t seconds) {
    if (seconds <= 0) return std::to_string(seconds) + "s";
    static const std::pair<int64_t, const char*> units[] = {
        {7 * 86400, "w"}, {86400, "d"}, {3600, "h"}, {60, "m"}, {1, "s"}};
    std::string out;
    for (auto [mult, name] : units) {
        if (seconds < mult) continue;
        if (!out.empty()) out += ' ';
        out += std::to_string(seconds / mult) + name;
        seconds %= mult;
    }
    return out;
}

std::string format_size(uint64_t bytes) {
    static const std::pair<uint64_t, const char*> units[] = {
        {uint64_t(1) << 30, "GB"}, {uint64_t(1) << 20, "MB"}, {uint64_t(1) << 10, "KB"}};
    for (auto [mult, name] : units)
        if (bytes != 0 && bytes % mult == 0) return std::to_string(bytes / mult) + name;
    return std::to_string(bytes) + "B";
}

std::string quote(std::string_view s) {
    std::string out = "\"";
    for (char c : s) {
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\t': out += "\\t"; break;
            case '\r': out += "\\r"; break;
            default: out += c;
        }
    }
    return out + "\"";
}

std::string word_or_quote(std::string_view s) {
    if (s.empty()) return quote(s);
    for (unsigned char c : s)
        if (!word_byte(c)) return quote(s);
    return std::string(s);
}

}  // namespace mp::config
