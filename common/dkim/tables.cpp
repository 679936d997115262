// tables.cpp: see tables.hpp.
#include "dkim/tables.hpp"

#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "util/strings.hpp"

namespace mp::dkim {
namespace {

constexpr size_t kMaxTableFile = 64 * 1024 * 1024;

struct Field {
    std::string_view text;
    size_t column;  // 1-based
};

// Blank-separated fields of one line, comment stripped.
std::vector<Field> fields(std::string_view line) {
    line = line.substr(0, line.find('#'));
    std::vector<Field> out;
    size_t i = 0;
    while (i < line.size()) {
        while (i < line.size() && std::isspace(static_cast<unsigned char>(line[i]))) ++i;
        size_t start = i;
        while (i < line.size() && !std::isspace(static_cast<unsigned char>(line[i]))) ++i;
        if (i > start) out.push_back({line.substr(start, i - start), start + 1});
    }
    return out;
}

std::string at(const std::string& file, size_t line, size_t col) {
    return file + ":" + std::to_string(line) + ":" + std::to_string(col);
}

// Calls fn(fields, line_number) for every non-empty line.
template <class Fn>
void each_line(std::string_view text, Fn fn) {
    size_t no = 0;
    while (!text.empty()) {
        size_t nl = text.find('\n');
        std::string_view line = text.substr(0, nl);
        text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
        ++no;
        auto f = fields(line);
        if (!f.empty()) fn(f, no);
    }
}

std::string join(const std::vector<std::string>& errors) {
    std::string all;
    for (const auto& e : errors) all += (all.empty() ? "" : "\n") + e;
    return all;
}

bool valid_label_text(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '_')) return false;
    return true;
}

// "domain:selector:key" -> entry fields, or an error message.
std::string split_key_value(const Field& v, KeyEntry& e, const std::string& file, size_t no) {
    size_t c1 = v.text.find(':');
    size_t c2 = c1 == std::string_view::npos ? c1 : v.text.find(':', c1 + 1);
    if (c2 == std::string_view::npos)
        return at(file, no, v.column) + ": expected domain:selector:keypath";
    e.domain = util::lower(v.text.substr(0, c1));
    e.selector = util::lower(v.text.substr(c1 + 1, c2 - c1 - 1));
    e.key = std::string(v.text.substr(c2 + 1));
    e.where = at(file, no, v.column + c2 + 1);
    if (e.domain != "%" && !valid_label_text(e.domain))
        return at(file, no, v.column) + ": expected a domain name or %";
    if (!valid_label_text(e.selector)) return at(file, no, v.column + c1 + 1) + ": expected a selector";
    if (e.key.empty()) return e.where + ": expected a key file path";
    if (e.key_is_path() && e.key.find('%') != std::string::npos)
        return e.where + ": '%' in a key path is not supported (keys are loaded at start)";
    return {};
}

Result<std::string> read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return fail(path + ": cannot open: " + std::strerror(errno));
    std::ostringstream ss;
    ss << in.rdbuf();
    if (ss.str().size() > kMaxTableFile) return fail(path + ": larger than 64 MB");
    return ss.str();
}

}  // namespace

bool KeyEntry::key_is_path() const {
    return key.starts_with("/") || key.starts_with("./") || key.starts_with("../");
}

const KeyEntry* KeyTable::find(std::string_view name) const {
    for (const auto& e : entries)
        if (util::iequals(e.name, name)) return &e;
    return nullptr;
}

Result<KeyTable> parse_key_table(std::string_view text, const std::string& file) {
    KeyTable t;
    std::vector<std::string> errors;
    each_line(text, [&](const std::vector<Field>& f, size_t no) {
        if (f.size() != 2) {
            size_t col = f.size() < 2 ? f[0].column + f[0].text.size() : f[2].column;
            errors.push_back(at(file, no, col) + (f.size() < 2 ? ": expected domain:selector:keypath after the key name"
                                                               : ": unexpected text after domain:selector:keypath"));
            return;
        }
        KeyEntry e{.name = std::string(f[0].text)};
        if (auto err = split_key_value(f[1], e, file, no); !err.empty()) return errors.push_back(err);
        if (auto* dup = t.find(e.name))
            return errors.push_back(at(file, no, 1) + ": duplicate key name '" + e.name + "' (first at " + dup->where + ")");
        t.entries.push_back(std::move(e));
    });
    if (!errors.empty()) return fail(join(errors));
    return t;
}

Result<SigningTable> parse_signing_table(std::string_view text, const std::string& file, bool wildcard) {
    SigningTable t;
    t.wildcard = wildcard;
    std::vector<std::string> errors;
    each_line(text, [&](const std::vector<Field>& f, size_t no) {
        if (f.size() < 2)
            return errors.push_back(at(file, no, f[0].column + f[0].text.size()) + ": expected a key name after the pattern");
        if (f.size() > 3) return errors.push_back(at(file, no, f[3].column) + ": unexpected text after the signer");
        if (!wildcard && f[0].text.find('*') != std::string_view::npos && f[0].text != "*" &&
            !f[0].text.ends_with("@*"))
            return errors.push_back(at(file, no, f[0].column) +
                                    ": wildcard pattern in a file: table (use refile: for wildcards)");
        t.entries.push_back({.pattern = util::lower(f[0].text),
                             .keyname = std::string(f[1].text),
                             .signer = f.size() == 3 ? std::string(f[2].text) : std::string(),
                             .where = at(file, no, f[1].column)});
    });
    if (!errors.empty()) return fail(join(errors));
    return t;
}

std::vector<const SigningEntry*> SigningTable::match(std::string_view address) const {
    if (!wildcard) return match_exact(address);
    std::vector<const SigningEntry*> out;
    for (const auto& e : entries)
        if (wildcard_match(e.pattern, address)) out.push_back(&e);
    return out;
}

// opendkim.conf(5) SigningTable: user@host, host, user@.parent..., .parent..., user@*, *.
std::vector<const SigningEntry*> SigningTable::match_exact(std::string_view address) const {
    std::string addr = util::lower(address);
    size_t atpos = addr.rfind('@');
    std::string user = atpos == std::string::npos ? std::string() : addr.substr(0, atpos);
    std::string host = atpos == std::string::npos ? addr : addr.substr(atpos + 1);
    std::vector<std::string> keys{user + "@" + host, host};
    std::vector<std::string> parents;
    for (size_t d = host.find('.'); d != std::string::npos; d = host.find('.', d + 1)) parents.push_back(host.substr(d));
    for (const auto& p : parents) keys.push_back(user + "@" + p);
    for (const auto& p : parents) keys.push_back(p);
    keys.push_back(user + "@*");
    keys.push_back("*");
    std::vector<const SigningEntry*> out;
    for (const auto& k : keys)
        for (const auto& e : entries)
            if (e.pattern == k) { out.push_back(&e); break; }
    return out;
}

bool wildcard_match(std::string_view p, std::string_view s) {
    size_t pi = 0, si = 0, star = std::string_view::npos, mark = 0;
    auto same = [](char a, char b) {
        return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
    };
    while (si < s.size()) {
        if (pi < p.size() && p[pi] == '*') { star = pi++; mark = si; continue; }
        if (pi < p.size() && same(p[pi], s[si])) { ++pi; ++si; continue; }
        if (star == std::string_view::npos) return false;
        pi = star + 1;
        si = ++mark;
    }
    while (pi < p.size() && p[pi] == '*') ++pi;
    return pi == p.size();
}

Result<KeyTable> load_key_table(std::string_view spec) {
    if (spec.starts_with("refile:")) return fail(std::string(spec) + ": a KeyTable is a file: table, not refile:");
    std::string path(spec.starts_with("file:") ? spec.substr(5) : spec);
    auto text = read_file(path);
    if (!text) return fail(text.error().message);
    return parse_key_table(*text, path);
}

Result<SigningTable> load_signing_table(std::string_view spec) {
    bool wild = spec.starts_with("refile:");
    std::string path(wild ? spec.substr(7) : spec.starts_with("file:") ? spec.substr(5) : spec);
    auto text = read_file(path);
    if (!text) return fail(text.error().message);
    return parse_signing_table(*text, path, wild);
}

}  // namespace mp::dkim
