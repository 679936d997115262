// clamd_reply.cpp: see clamd_reply.hpp.
#include "scan/clamd_reply.hpp"

#include <string>

namespace mp::scan {

namespace {

// Printable ASCII for the log; everything else as \xNN, at most 200 bytes.
std::string quoted(std::string_view s) {
    static const char hex[] = "0123456789abcdef";
    std::string out = "\"";
    for (size_t i = 0; i < s.size() && i < 200; ++i) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
            out += static_cast<char>(c);
        } else {
            out += "\\x";
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out + (s.size() > 200 ? "\"..." : "\"");
}

bool printable(std::string_view s) {
    for (char c : s)
        if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7f) return false;
    return true;
}

Outcome garbled(std::string_view why, std::string_view raw) {
    return Failed{"garbled reply (" + std::string(why) + "): " + quoted(raw)};
}

}  // namespace

Outcome parse_clamd_reply(std::string_view raw) {
    if (raw.empty()) return Failed{"connection closed without a reply"};
    if (raw.size() > kClamdReplyMax) return garbled("too long", raw);
    size_t nul = raw.find('\0');
    if (nul == std::string_view::npos) return garbled("truncated, no NUL terminator", raw);
    if (nul + 1 != raw.size()) return garbled("bytes after the NUL terminator", raw);
    std::string_view line = raw.substr(0, nul);
    if (!printable(line)) return garbled("control characters", raw);
    if (line.size() >= 6 && line.substr(line.size() - 6) == " ERROR") return Failed{"error reply \"" + std::string(line) + "\""};
    constexpr std::string_view prefix = "stream: ";
    if (line.substr(0, prefix.size()) != prefix) return garbled("unknown reply", raw);
    std::string_view rest = line.substr(prefix.size());
    if (rest == "OK") return Clean{};
    constexpr std::string_view found = " FOUND";
    if (rest.size() > found.size() && rest.substr(rest.size() - found.size()) == found) {
        std::string_view name = rest.substr(0, rest.size() - found.size());
        if (!name.empty() && name.find(' ') == std::string_view::npos) return Infected{std::string(name)};
        return garbled("bad virus name", raw);
    }
    return garbled("unknown reply", raw);
}

}  // namespace mp::scan
