// defaults.cpp: defaults are configuration text (OptionSpec::def) and go
// through the same lexer, parser and convert() as the file; validate_spec()
// checks a whole spec tree so every module's unit test can prove its table.
#include <set>

#include "config/impl.hpp"
#include "config/lexer.hpp"
#include "util/strings.hpp"

namespace mp::config {

std::optional<std::string> convert_default(const OptionSpec& spec, Value& out) {
    std::string text = "x = " + std::string(spec.def) + ";";
    DiagSink diag("default");
    RawSection raw = parse_syntax(text, diag);
    if (!diag.empty() || raw.options.size() != 1 || !raw.sections.empty())
        return "'" + std::string(spec.def) + "' is not a value" +
               (diag.empty() ? "" : ": " + diag.finish().errors.front());
    if (auto err = convert(spec, raw.options[0].value, out)) return err->message;
    return std::nullopt;
}

namespace {

bool is_name(std::string_view s) {
    if (s.empty()) return false;
    for (unsigned char c : s)
        if (!word_byte(c)) return false;
    return true;
}

void check_option(const OptionSpec& o, const std::string& path, Diagnostics& d) {
    std::string at = path + "." + std::string(o.name) + ": ";
    if (!is_name(o.name)) d.errors.push_back(at + "option name is not a bare word");
    if (o.min > o.max) d.errors.push_back(at + "min > max");
    bool choice_type = o.type == Type::Enum || o.type == Type::Flags;
    if (choice_type && o.choices.empty()) d.errors.push_back(at + "enum/flags without choices");
    if (!choice_type && !o.choices.empty()) d.errors.push_back(at + "choices on a non-enum option");
    for (auto c : o.choices)
        if (!is_name(c) || util::lower(c) != c) d.errors.push_back(at + "choice '" + std::string(c) + "' is not a lowercase word");
    if (o.doc.empty()) d.errors.push_back(at + "no doc line");
    if (o.required && !o.def.empty()) d.errors.push_back(at + "required option with a default");
    Value v;
    if (!o.def.empty())
        if (auto err = convert_default(o, v)) d.errors.push_back(at + "bad default: " + *err);
}

void check_section(const SectionSpec& s, const std::string& path, int depth, Diagnostics& d) {
    if (depth > kMaxDepth) return d.errors.push_back(path + ": spec nested deeper than the parser allows");
    for (const auto& defect : s.defects) d.errors.push_back(path + ": " + defect);
    std::set<std::string> seen;
    for (const auto& o : s.options) {
        if (!seen.insert(util::lower(o.name)).second)
            d.errors.push_back(path + ": option '" + std::string(o.name) + "' declared twice");
        check_option(o, path, d);
    }
    for (const auto* c : s.sections) {
        if (!is_name(c->name)) d.errors.push_back(path + ": section name '" + std::string(c->name) + "' is not a bare word");
        if (!seen.insert(util::lower(c->name)).second)
            d.errors.push_back(path + ": name '" + std::string(c->name) + "' declared twice");
        check_section(*c, path + "." + std::string(c->name), depth + 1, d);
    }
}

}  // namespace

Diagnostics validate_spec(const SectionSpec& root) {
    Diagnostics d;
    check_section(root, root.name.empty() ? "root" : std::string(root.name), 0, d);
    return d;
}

}  // namespace mp::config
