// regexmap.cpp: see regexmap.hpp.
#include "maps/regexmap.hpp"

#include <cstdlib>
#include <utility>

#include "maps/textmap.hpp"

namespace mp::maps {

namespace {

struct Lhs {
    std::string pattern;  // with the flags as pcre2 options, e.g. "(?i)..."
    size_t prefix = 0;    // length of those options in `pattern`
    size_t body = 0;      // offset of the pattern in the line
    bool negate = false;
    size_t end = 0;  // offset just past the flags
};

// pcre2's "bad pattern at offset N: why" for the pattern as written: the
// offset without the options prefix, and the column it points at.
std::pair<int, std::string> pattern_error(const Lhs& lhs, const std::string& message) {
    const std::string at = "at offset ";
    size_t p = message.find(at);
    if (p == std::string::npos) return {int(lhs.body), message};
    size_t n = std::strtoul(message.c_str() + p + at.size(), nullptr, 10);
    n = n > lhs.prefix ? n - lhs.prefix : 0;
    size_t colon = message.find(':', p);
    std::string why = colon == std::string::npos ? "" : message.substr(colon);
    return {int(lhs.body + n), message.substr(0, p) + at + std::to_string(n) + why};
}

// "[!]/pattern/flags" at the start of `s`; the error's offset within `s`.
Result<Lhs, KeyError> split_lhs(std::string_view s) {
    Lhs out;
    size_t i = 0;
    if (i < s.size() && s[i] == '!') out.negate = true, ++i;
    if (i >= s.size() || s[i] != '/') return Unexpected<KeyError>{{i, "expected /pattern/ (regexp_table syntax)"}};
    size_t start = ++i;
    while (i < s.size() && s[i] != '/') i += s[i] == '\\' ? 2 : 1;
    if (i >= s.size()) return Unexpected<KeyError>{{start - 1, "pattern without its closing /"}};
    std::string body(s.substr(start, i - start));
    out.body = start;
    bool caseless = true;
    std::string opts;
    for (++i; i < s.size() && s[i] != ' ' && s[i] != '\t'; ++i) {
        switch (s[i]) {
            case 'i': caseless = !caseless; break;
            case 'm': opts += 'm'; break;
            case 's': opts += 's'; break;
            case 'x': opts += 'x'; break;
            default: return Unexpected<KeyError>{{i, std::string("unknown flag '") + s[i] + "' (i, m, s, x)"}};
        }
    }
    if (caseless) opts += 'i';
    std::string prefix = opts.empty() ? "" : "(?" + opts + ")";
    out.prefix = prefix.size();
    out.pattern = prefix + body;
    out.end = i;
    return out;
}

void add_line(std::vector<RegexEntry>& entries, int line, std::string_view content, int column, Errors& errors) {
    auto lhs = split_lhs(content);
    if (!lhs) return errors.add(line, column + int(lhs.error().offset), lhs.error().message);
    size_t r = content.find_first_not_of(" \t", lhs->end);
    if (r == std::string_view::npos) return errors.add(line, column + int(lhs->end), "pattern without a result");
    auto re = rules::Regex::compile(lhs->pattern);
    if (!re) {
        auto [at, why] = pattern_error(*lhs, re.error().message);
        return errors.add(line, column + at, why);
    }
    entries.push_back({std::move(*re), lhs->negate, std::string(content.substr(0, lhs->end)),
                       std::string(content.substr(r)), line, column + int(r)});
}

}  // namespace

Result<RegexMap, Errors> RegexMap::parse(std::string_view text, const std::string& name, const Limits& limits) {
    Errors errors(name);
    errors.cap = limits.max_errors;
    RegexMap m;
    m.name_ = name;
    for_each_line(text, limits, errors, [&](int line, std::string_view content, int column) {
        if (m.entries_.size() >= limits.max_entries) return errors.add(line, column, "too many entries");
        add_line(m.entries_, line, content, column, errors);
    });
    if (!errors.empty()) return Unexpected<Errors>{std::move(errors)};
    return m;
}

Result<RegexMap, Errors> RegexMap::load(const std::string& path, const Limits& limits) {
    auto text = read_bounded(path, limits.max_file_bytes);
    if (!text) {
        Errors e(path);
        e.errors.push_back(text.error().message);
        return Unexpected<Errors>{std::move(e)};
    }
    return parse(*text, path, limits);
}

const RegexEntry* RegexMap::find(std::string_view subject, std::string* error) const {
    for (const auto& e : entries_) {
        auto m = e.re.match(subject);
        if (!m) {
            if (error) *error = name_ + ":" + std::to_string(e.line) + ": " + m.error().message;
            return nullptr;
        }
        if (m->has_value() != e.negate) return &e;
    }
    return nullptr;
}

}  // namespace mp::maps
