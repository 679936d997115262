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

// "fd[" digits "]": the subject of a FILDES reply.
bool fd_subject(std::string_view s) {
    if (!s.starts_with("fd[") || !s.ends_with("]") || s.size() < 5) return false;
    for (char c : s.substr(3, s.size() - 4))
        if (c < '0' || c > '9') return false;
    return true;
}

// The part after "SUBJECT: " when the subject fits the command, else npos.
size_t after_subject(std::string_view line, ReplyTo command) {
    size_t colon = line.find(": ");
    if (colon == std::string_view::npos) return colon;
    std::string_view subject = line.substr(0, colon);
    bool ok = command == ReplyTo::Instream ? subject == "stream" : fd_subject(subject);
    return ok ? colon + 2 : std::string_view::npos;
}

}  // namespace

Outcome parse_clamd_reply(std::string_view raw, ReplyTo command) {
    if (raw.empty()) return Failed{"connection closed without a reply"};
    if (raw.size() > kClamdReplyMax) return garbled("too long", raw);
    size_t nul = raw.find('\0');
    if (nul == std::string_view::npos) return garbled("truncated, no NUL terminator", raw);
    if (nul + 1 != raw.size()) return garbled("bytes after the NUL terminator", raw);
    std::string_view line = raw.substr(0, nul);
    if (!printable(line)) return garbled("control characters", raw);
    if (line.size() >= 6 && line.substr(line.size() - 6) == " ERROR") return Failed{"error reply \"" + std::string(line) + "\""};
    size_t from = after_subject(line, command);
    if (from == std::string_view::npos) return garbled("unknown reply", raw);
    std::string_view rest = line.substr(from);
    if (rest == "OK") return Clean{};
    constexpr std::string_view found = " FOUND";
    if (rest.size() > found.size() && rest.substr(rest.size() - found.size()) == found) {
        std::string_view name = rest.substr(0, rest.size() - found.size());
        if (!name.empty() && name.find(' ') == std::string_view::npos) return Infected{std::string(name)};
        return garbled("bad virus name", raw);
    }
    return garbled("unknown reply", raw);
}

Outcome clamd_verdict(const Result<std::string>& raw, std::chrono::milliseconds timeout, ReplyTo command) {
    if (!raw) return Failed{"no verdict: " + raw.error().message + " (timeout " + std::to_string(timeout.count()) + " ms)"};
    return parse_clamd_reply(*raw, command);
}

}  // namespace mp::scan
