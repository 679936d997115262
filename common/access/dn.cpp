// dn.cpp: see dn.hpp.
#include "access/dn.hpp"

#include <cstring>

#include "util/strings.hpp"

namespace mp::access {

namespace {

bool needs_encoding(unsigned char c, bool with_backslash) {
    return c < '!' || c > '~' || std::strchr("<>()\"+", c) != nullptr || (with_backslash && c == '\\');
}

std::string encode(std::string_view raw, bool with_backslash) {
    static const char hex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(raw.size());
    for (unsigned char c : raw) {
        if (!needs_encoding(c, with_backslash)) {
            out += char(c);
            continue;
        }
        out += '+';
        out += hex[c >> 4];
        out += hex[c & 15];
    }
    return out;
}

std::string decode(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '+' && i + 2 < s.size() && util::hex_digit(s[i + 1]) >= 0 && util::hex_digit(s[i + 2]) >= 0) {
            out += char(util::hex_digit(s[i + 1]) * 16 + util::hex_digit(s[i + 2]));
            i += 2;
        } else {
            out += s[i];
        }
    }
    return out;
}

}  // namespace

std::string encode_dn(std::string_view raw) { return encode(raw, false); }

std::string dn_key(std::string_view encoded) { return util::lower(encode(decode(encoded), true)); }

}  // namespace mp::access
