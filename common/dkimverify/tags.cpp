// tags.cpp: see tags.hpp.
#include "dkimverify/tags.hpp"

#include <sstream>

#include "dkim/base64.hpp"
#include "util/strings.hpp"

namespace mp::dkimverify {

namespace {

std::string strip_blanks(std::string_view s) {
    std::string out;
    for (char c : s)
        if (c != ' ' && c != '\t' && c != '\r' && c != '\n') out += c;
    return out;
}

std::string trimmed(std::string_view s) {
    size_t b = s.find_first_not_of(" \t\r\n"), e = s.find_last_not_of(" \t\r\n");
    return b == std::string_view::npos ? "" : std::string(s.substr(b, e - b + 1));
}

std::vector<std::string> split(std::string_view s, char sep) {
    std::vector<std::string> out;
    std::string cur;
    for (char c : s)
        if (c == sep) out.push_back(trimmed(cur)), cur.clear();
        else cur += c;
    out.push_back(trimmed(cur));
    return out;
}

Result<uint64_t> number(const std::string& tag, const std::string& v) {
    if (v.empty() || v.size() > 18 || v.find_first_not_of("0123456789") != std::string::npos)
        return fail(tag + "= is not a number");
    return std::stoull(v);
}

Result<std::string> decoded(const std::string& tag, const std::string& v) {
    auto d = dkim::base64_decode(strip_blanks(v));
    if (!d) return fail(tag + "= is not base64");
    return *d;
}

std::optional<SigAlg> algorithm(std::string_view a) {
    if (a == "rsa-sha256") return SigAlg::RsaSha256;
    if (a == "ed25519-sha256") return SigAlg::Ed25519Sha256;
    if (a == "rsa-sha1") return SigAlg::RsaSha1;
    return std::nullopt;
}

Result<void> set_optional(const std::map<std::string, std::string>& t, Signature& s) {
    if (t.count("l")) {
        auto n = number("l", t.at("l"));
        if (!n) return fail(n.error().message);
        s.length = *n;
    }
    for (auto [tag, member] : {std::pair{"t", &s.timestamp}, std::pair{"x", &s.expires}})
        if (t.count(tag)) {
            auto n = number(tag, t.at(tag));
            if (!n) return fail(n.error().message);
            *member = int64_t(*n);
        }
    return {};
}

}  // namespace

Result<std::map<std::string, std::string>> parse_tags(std::string_view text) {
    std::map<std::string, std::string> out;
    for (const auto& item : split(text, ';')) {
        if (item.empty()) continue;
        auto eq = item.find('=');
        if (eq == std::string::npos) return fail("tag without '=': " + item);
        std::string name = trimmed(std::string_view(item).substr(0, eq));
        if (name.empty()) return fail("empty tag name");
        if (!out.emplace(name, trimmed(std::string_view(item).substr(eq + 1))).second)
            return fail("duplicate tag " + name + "=");
    }
    return out;
}

Result<Signature> parse_signature(std::string_view value) {
    auto tags = parse_tags(value);
    if (!tags) return fail(tags.error().message);
    const auto& t = *tags;
    for (const char* req : {"v", "a", "b", "bh", "d", "h", "s"})
        if (!t.count(req)) return fail(std::string("missing ") + req + "= tag");
    if (t.at("v") != "1") return fail("v= is not 1");
    Signature s;
    auto alg = algorithm(t.at("a"));
    if (!alg) return fail("unknown algorithm a=" + t.at("a"));
    s.alg = *alg;
    if (t.count("c")) {
        auto c = dkim::parse_canon(t.at("c"));
        if (!c) return fail("unknown canonicalization c=" + t.at("c"));
        s.canon = *c;
    }
    s.domain = util::lower(t.at("d"));
    s.selector = t.at("s");
    s.identity = t.count("i") ? t.at("i") : "@" + s.domain;
    for (const auto& h : split(t.at("h"), ':')) s.headers.push_back(h);
    bool from = false;
    for (const auto& h : s.headers) from = from || util::iequals(h, "from");
    if (!from) return fail("h= does not include From");
    auto bh = decoded("bh", t.at("bh"));
    auto b = decoded("b", t.at("b"));
    if (!bh || !b) return fail(!bh ? bh.error().message : b.error().message);
    s.body_hash = *bh, s.signature = *b, s.b_text = strip_blanks(t.at("b"));
    if (s.signature.empty()) return fail("empty b=");
    if (auto r = set_optional(t, s); !r) return fail(r.error().message);
    std::string idom = util::lower(s.identity.substr(s.identity.rfind('@') + 1));
    if (idom != s.domain && !(idom.size() > s.domain.size() && idom.ends_with("." + s.domain)))
        return fail("i= is not in the d= domain");
    return s;
}

Result<KeyRecord> parse_key_record(std::string_view text) {
    auto tags = parse_tags(text);
    if (!tags) return fail("key record: " + tags.error().message);
    const auto& t = *tags;
    if (t.count("v") && t.at("v") != "DKIM1") return fail("key record: v= is not DKIM1");
    if (!t.count("p")) return fail("key record: no p= tag");
    KeyRecord k;
    if (t.count("k")) k.key_type = util::lower(t.at("k"));
    auto p = decoded("p", t.at("p"));
    if (!p) return fail("key record: " + p.error().message);
    k.public_key = *p;
    if (t.count("t"))
        for (const auto& f : split(t.at("t"), ':')) k.testing = k.testing || f == "y", k.strict = k.strict || f == "s";
    if (t.count("h"))
        for (const auto& h : split(t.at("h"), ':')) k.hashes.push_back(util::lower(h));
    return k;
}

std::string without_b(std::string_view value) {
    // Find a tag named b (not bh) at the start of a tag-spec.
    size_t pos = 0;
    while (pos < value.size()) {
        size_t name = value.find_first_not_of(" \t\r\n", pos);
        if (name == std::string_view::npos) break;
        size_t eq = value.find('=', name), semi = value.find(';', name);
        if (eq == std::string_view::npos) break;
        std::string_view tag = value.substr(name, eq - name);
        while (!tag.empty() && (tag.back() == ' ' || tag.back() == '\t' || tag.back() == '\r' || tag.back() == '\n'))
            tag.remove_suffix(1);
        size_t end = semi == std::string_view::npos ? value.size() : semi;
        if (tag == "b" && (semi == std::string_view::npos || eq < semi))
            return std::string(value.substr(0, eq + 1)) + std::string(value.substr(end));
        pos = end == value.size() ? end : end + 1;
    }
    return std::string(value);
}

}  // namespace mp::dkimverify
