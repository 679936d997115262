// access_import.cpp: see access_import.hpp. Each line is converted on its own
// (keys, then the right-hand side, then both validated with the access map's
// own parsers), then tagged and bare results are merged by converted key.
#include "cli/access_import.hpp"

#include <cctype>
#include <cstdio>
#include <map>
#include <vector>

#include "access/rhs.hpp"
#include "access/tags.hpp"
#include "cli/commands.hpp"
#include "util/net.hpp"
#include "util/strings.hpp"

namespace mp::cli {

namespace {

using util::iequals;
using util::istarts_with;

enum class Src { Connect, From, To, CertIssuer, CertSubject, Bare };

struct Out {
    std::string tag, key, rhs;
    std::string lhs() const { return tag + ":" + key; }
};
struct Failure {
    size_t offset = 0;  // within the line's content
    std::string message;
};
template <class T>
using Conv = Result<T, Failure>;
using Fail = Unexpected<Failure>;
using Outs = std::vector<Out>;

std::optional<Src> source_tag(std::string_view lhs, size_t& key_at) {
    key_at = 0;
    if (istarts_with(lhs, "ipv6:")) return Src::Bare;  // a bare IPv6 address
    size_t colon = lhs.find(':');
    if (colon == std::string_view::npos) return Src::Bare;
    key_at = colon + 1;
    static const struct { const char* name; Src src; } tags[] = {
        {"connect", Src::Connect}, {"from", Src::From}, {"to", Src::To},
        {"certissuer", Src::CertIssuer}, {"certsubject", Src::CertSubject},
    };
    for (const auto& t : tags)
        if (iequals(lhs.substr(0, colon), t.name)) return t.src;
    return std::nullopt;
}

bool is_ipv4_prefix(std::string_view k) {
    if (k.empty() || k.front() == '.' || k.back() == '.') return false;
    int dots = 0, digits = 0;
    for (char c : k) {
        if (c == '.') {
            if (digits == 0) return false;
            ++dots, digits = 0;
        } else if (!std::isdigit(static_cast<unsigned char>(c)) || ++digits > 3) {
            return false;
        }
    }
    return dots <= 3;
}

// Connect: keys and bare IP keys; nullopt when `key` is not an address.
std::optional<Conv<Outs>> ip_keys(std::string_view key, size_t off) {
    if (is_ipv4_prefix(key)) return Conv<Outs>{Outs{{"cltaddr", std::string(key), ""}}};
    if (!istarts_with(key, "ipv6:")) return std::nullopt;
    std::string_view a = key.substr(5);
    if (util::IpAddr::parse(a)) return Conv<Outs>{Outs{{"cltaddr", std::string(a), ""}}};
    return Conv<Outs>{Fail{{off + 5, "IPv6 prefix '" + std::string(a) +
                                         "' cannot be converted: write a CIDR network (cltaddr:2001:db8::/32)"}}};
}

bool is_host_name(std::string_view d) {
    if (d.empty() || d.front() == '.' || d.back() == '.') return false;
    for (char c : d)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '.' && c != '_') return false;
    return true;
}

Outs domain_keys(const std::string& tag, std::string_view d) {
    const std::string at = tag == "cltname" ? "" : "@";
    return {{tag, at + std::string(d), ""}, {tag, at + "." + std::string(d), ""}};
}

Conv<Outs> host_keys(const std::string& tag, std::string_view d, size_t off) {
    if (!is_host_name(d)) return Fail{{off, "'" + std::string(d) + "' is not an IP address, host or domain name"}};
    return domain_keys(tag, d);
}

Conv<Outs> address_keys(const std::string& tag, std::string_view key, size_t off) {
    key = util::strip_angles(key);
    if (key.empty()) return Fail{{off, "the null sender <> has no sendmail X " + tag + ": key"}};
    size_t at = key.find('@');
    if (at == std::string_view::npos) return host_keys(tag, key, off);
    if (at == 0) return host_keys(tag, key.substr(1), off + 1);
    if (at + 1 == key.size()) return Outs{{tag, std::string(key.substr(0, at)), ""}};
    return Outs{{tag, std::string(key), ""}};
}

Conv<Outs> bare_keys(std::string_view key, size_t off) {
    if (auto ip = ip_keys(key, off)) return *ip;
    if (key.find('@') != std::string_view::npos) {
        auto from = address_keys("from", key, off);
        auto to = address_keys("to", key, off);
        if (!from) return from;
        from->insert(from->end(), to->begin(), to->end());
        return from;
    }
    auto outs = host_keys("cltname", key, off);
    if (!outs) return outs;
    for (const char* tag : {"from", "to"})
        for (auto& o : domain_keys(tag, key)) outs->push_back(o);
    return outs;
}

Conv<Outs> convert_key(Src src, std::string_view key, size_t off) {
    switch (src) {
        case Src::Connect:
            if (auto ip = ip_keys(key, off)) return *ip;
            return host_keys("cltname", key, off);
        case Src::From: return address_keys("from", key, off);
        case Src::To: return address_keys("to", key, off);
        case Src::CertIssuer: return Outs{{"certissuer", std::string(key), ""}};
        case Src::CertSubject: return Outs{{"certsubject", std::string(key), ""}};
        case Src::Bare: return bare_keys(key, off);
    }
    return Fail{{off, "unknown key"}};
}

bool is_dsn(std::string_view s) {
    size_t d1 = s.find('.'), d2 = d1 == std::string_view::npos ? d1 : s.find('.', d1 + 1);
    return d2 != std::string_view::npos && verdict::is_enhanced_code(s);
}

// ERROR:"D.S.N:XYZ text", ERROR:D.S.N:XYZ text, ERROR:XYZ text (quotes optional).
Conv<std::string> convert_error(std::string_view body, size_t off) {
    if (!body.empty() && body.front() == '"') {
        if (body.size() < 2 || body.back() != '"') return Fail{{off, "unterminated quoted ERROR: text"}};
        body = body.substr(1, body.size() - 2), ++off;
    }
    std::string dsn;
    if (size_t c = body.find(':'); c != std::string_view::npos && is_dsn(body.substr(0, c))) {
        dsn = " " + std::string(body.substr(0, c));
        body = body.substr(c + 1), off += c + 1;
    }
    bool code = body.size() >= 3 && std::isdigit(static_cast<unsigned char>(body[0])) &&
                std::isdigit(static_cast<unsigned char>(body[1])) && std::isdigit(static_cast<unsigned char>(body[2]));
    if (!code || (body.size() > 3 && body[3] != ' ' && body[3] != '\t'))
        return Fail{{off, "expected ERROR:XYZ text or ERROR:D.S.N:XYZ text, got '" + std::string(body) + "'"}};
    std::string_view text = util::trim(body.substr(3));
    return "error:" + std::string(body.substr(0, 3)) + dsn + (text.empty() ? "" : " " + std::string(text));
}

Conv<std::string> convert_rhs(Src src, std::string_view rhs, size_t off) {
    static const struct { const char* word; const char* to; } words[] = {
        {"OK", "ok"}, {"RELAY", "relay"}, {"REJECT", "reject"}, {"DISCARD", "discard"}, {"SKIP", "cont"},
    };
    for (const auto& w : words)
        if (iequals(rhs, w.word)) return std::string(w.to);
    if (src == Src::CertIssuer && iequals(rhs, "SUBJECT")) return std::string("cont");
    if (istarts_with(rhs, "ERROR:")) return convert_error(rhs.substr(6), off + 6);
    return Fail{{off, "right-hand side '" + std::string(rhs) +
                          "' has no sendmail X equivalent (expected OK, RELAY, REJECT, DISCARD, SKIP or ERROR:...)"}};
}

// The converted entries of one line, each key and RHS checked by the access map's parsers.
Conv<Outs> convert_line(std::string_view content) {
    size_t blank = content.find_first_of(" \t");
    std::string_view lhs = content.substr(0, blank);
    if (blank == std::string_view::npos) return Fail{{lhs.size(), "missing right-hand side after '" + std::string(lhs) + "'"}};
    size_t rhs_at = content.find_first_not_of(" \t", blank);
    size_t key_at;
    auto src = source_tag(lhs, key_at);
    if (!src)
        return Fail{{0, "sendmail 8 tag '" + std::string(lhs.substr(0, key_at)) +
                            "' has no sendmail X equivalent (converted: Connect:, From:, To:, CERTISSUER:, CERTSUBJECT:, untagged)"}};
    auto outs = convert_key(*src, lhs.substr(key_at), key_at);
    if (!outs) return outs;
    auto rhs = convert_rhs(*src, content.substr(rhs_at), rhs_at);
    if (!rhs) return Fail{rhs.error()};
    for (auto& o : *outs) {
        o.rhs = o.tag == "from" && *rhs == "relay" ? "ok" : *rhs;
        if (auto k = access::normalize_key(*access::tag_from(o.tag), o.key); !k)
            return Fail{{key_at, o.lhs() + ": " + k.error().message}};
        if (auto r = access::parse_rhs(o.rhs); !r) return Fail{{rhs_at, o.rhs + ": " + r.error().message}};
    }
    return outs;
}

struct Line {
    int number;
    bool bare;
    std::string source;
    Outs outs;
};

// Merges by converted key: tagged lines win over bare ones; two tagged (or
// two bare) lines giving one key are an error, as duplicate keys are in makemap.
std::string merge(const std::vector<Line>& lines, const std::string& name, maps::Errors& errors) {
    std::map<std::string, int> owner[2];  // normalized key -> line, [0] tagged, [1] bare
    std::string out = "# access map converted by `milterpack access import` from " + name + "\n";
    for (int pass = 0; pass < 2; ++pass)
        for (const auto& l : lines) {
            if (l.bare != (pass == 1)) continue;
            bool reported = false;  // one error per line
            for (const auto& o : l.outs) {
                std::string k = o.tag + ":" + *access::normalize_key(*access::tag_from(o.tag), o.key);
                auto [it, fresh] = owner[pass].emplace(k, l.number);
                if (fresh || reported) continue;
                errors.add(l.number, 1, "converts to '" + o.lhs() + "', which line " + std::to_string(it->second) +
                                            " already gives");
                reported = true;
            }
        }
    for (const auto& l : lines) {
        out += "# " + name + ":" + std::to_string(l.number) + ": " + l.source + "\n";
        for (const auto& o : l.outs) {
            std::string k = o.tag + ":" + *access::normalize_key(*access::tag_from(o.tag), o.key);
            auto tagged = owner[0].find(k);
            if (l.bare && tagged != owner[0].end())
                out += "#   " + o.lhs() + " left out: line " + std::to_string(tagged->second) + " (tagged) gives it\n";
            else if (owner[l.bare ? 1 : 0].at(k) == l.number)
                out += o.lhs() + "\t" + o.rhs + "\n";
        }
    }
    return out;
}

}  // namespace

AccessImport import_access(std::string_view text, const std::string& name) {
    AccessImport r{"", maps::Errors{name}};
    std::vector<Line> lines;
    maps::for_each_line(text, maps::Limits{}, r.errors, [&](int line, std::string_view content, int column) {
        auto outs = convert_line(content);
        if (!outs) return r.errors.add(line, column + int(outs.error().offset), outs.error().message);
        size_t key_at;
        bool bare = source_tag(content.substr(0, content.find_first_of(" \t")), key_at) == Src::Bare;
        lines.push_back({line, bare, std::string(content), std::move(*outs)});
    });
    r.map = merge(lines, name, r.errors);
    r.errors.sort();
    return r;
}

}  // namespace mp::cli

namespace mp::cli {

// `milterpack access import FILE`: the converted map on stdout, every line that
// could not be converted on stderr (file:line:column); exit 0 when all were, 2 otherwise.
int access(const Context& c) {
    if (c.args.size() != 2 || c.args[0] != "import") {
        std::fputs("usage: milterpack access import FILE\n", stderr);
        return 2;
    }
    auto text = maps::read_bounded(c.args[1], maps::Limits{}.max_file_bytes);
    if (!text) return report({text.error().message});
    auto r = import_access(*text, c.args[1]);
    std::fputs(r.map.c_str(), stdout);
    if (r.errors.empty()) return 0;
    std::fputs(r.errors.joined().c_str(), stderr);
    return 2;
}

}  // namespace mp::cli
