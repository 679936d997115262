// macro.cpp: see macro.hpp.
#include "spf/macro.hpp"

#include <arpa/inet.h>

#include <cctype>
#include <cstring>
#include <vector>

namespace mp::spf {

namespace {

// %{i}: dotted IPv4, or IPv6 as 32 dot-separated nibbles (RFC 7208 7.3).
std::string ip_macro(const std::string& ip, bool readable) {
    unsigned char b[16];
    if (inet_pton(AF_INET6, ip.c_str(), b) != 1 || readable) return ip;
    static const char hex[] = "0123456789abcdef";
    std::string out;
    for (unsigned char c : b) {
        out += hex[c >> 4], out += '.';
        out += hex[c & 15], out += '.';
    }
    out.pop_back();
    return out;
}

std::string value_of(char letter, const Vars& v) {
    auto at = v.sender.rfind('@');
    switch (std::tolower(static_cast<unsigned char>(letter))) {
    case 's': return v.sender;
    case 'l': return at == std::string::npos ? "postmaster" : v.sender.substr(0, at);
    case 'o': return at == std::string::npos ? v.sender : v.sender.substr(at + 1);
    case 'd': return v.domain;
    case 'i': return ip_macro(v.ip, false);
    case 'c': return ip_macro(v.ip, true);
    case 'p': return "unknown";
    case 'h': return v.helo;
    case 'r': return v.receiver;
    case 't': return std::to_string(v.timestamp);
    case 'v': return v.ip.find(':') == std::string::npos ? "in-addr" : "ip6";
    }
    return {};
}

std::string url_encode(const std::string& s) {
    static const char hex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
        if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') out += char(c);
        else out += '%', out += hex[c >> 4], out += hex[c & 15];
    }
    return out;
}

// Split on the delimiters, keep the right-most `keep` parts (0: all),
// reversed first when asked; joined with dots.
std::string transform(const std::string& value, size_t keep, bool reverse, std::string_view delims) {
    std::vector<std::string> parts(1);
    for (char c : value)
        if (delims.find(c) != std::string_view::npos) parts.emplace_back();
        else parts.back() += c;
    if (reverse) parts = std::vector<std::string>(parts.rbegin(), parts.rend());
    size_t from = keep && keep < parts.size() ? parts.size() - keep : 0;
    std::string out;
    for (size_t i = from; i < parts.size(); ++i) out += (i == from ? "" : ".") + parts[i];
    return out;
}

// One %{...} body (without the braces).
Result<std::string> expand_one(std::string_view body, const Vars& v) {
    if (body.empty() || !std::strchr("slodipchrtvSLODIPCHRTV", body[0]))
        return fail("unknown SPF macro letter in %{" + std::string(body) + "}");
    size_t pos = 1, keep = 0;
    while (pos < body.size() && std::isdigit(static_cast<unsigned char>(body[pos]))) keep = keep * 10 + size_t(body[pos++] - '0');
    if (pos > 1 && keep == 0) return fail("SPF macro %{" + std::string(body) + "} keeps 0 labels");
    bool reverse = pos < body.size() && (body[pos] == 'r' || body[pos] == 'R') && ++pos;
    std::string_view delims = body.substr(pos);
    if (delims.find_first_not_of(".-+,/_=") != std::string_view::npos)
        return fail("bad delimiter in SPF macro %{" + std::string(body) + "}");
    std::string out = transform(value_of(body[0], v), keep, reverse, delims.empty() ? "." : delims);
    return std::isupper(static_cast<unsigned char>(body[0])) ? url_encode(out) : out;
}

}  // namespace

Result<std::string> expand(std::string_view text, const Vars& v) {
    std::string out;
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '%') {
            out += text[i];
            continue;
        }
        if (++i >= text.size()) return fail("'%' at the end of an SPF macro string");
        char c = text[i];
        if (c == '%') out += '%';
        else if (c == '_') out += ' ';
        else if (c == '-') out += "%20";
        else if (c == '{') {
            auto close = text.find('}', i);
            if (close == std::string_view::npos) return fail("unclosed %{ in SPF macro string");
            auto one = expand_one(text.substr(i + 1, close - i - 1), v);
            if (!one) return one;
            out += *one;
            i = close;
        } else {
            return fail(std::string("invalid SPF macro escape %") + c);
        }
    }
    return out;
}

MacroUse macro_use(std::string_view text) {
    MacroUse u;
    for (size_t i = 0; i + 2 < text.size(); ++i) {
        if (text[i] != '%') continue;
        if (text[i + 1] != '{') {
            ++i;  // %% %_ %-: the next character is not a macro start
            continue;
        }
        switch (std::tolower(static_cast<unsigned char>(text[i + 2]))) {
        case 's':
        case 'l': u.local = true; break;
        case 'h': u.helo = true; break;
        case 't': u.time = true; break;
        }
    }
    return u;
}

}  // namespace mp::spf
