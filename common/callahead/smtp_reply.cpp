// smtp_reply.cpp: see smtp_reply.hpp.
#include "callahead/smtp_reply.hpp"

namespace mp::callahead {

namespace {

constexpr size_t kMaxLine = 1000;  // RFC 5321 4.5.3.1.5, CRLF included

bool code_at(std::string_view line, int& code) {
    if (line.size() < 3) return false;
    for (int i = 0; i < 3; ++i)
        if (line[i] < '0' || line[i] > '9') return false;
    code = (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0');
    return code >= 200 && code <= 599 && (line.size() == 3 || line[3] == ' ' || line[3] == '-');
}

}  // namespace

Result<std::optional<SmtpReply>> parse_smtp_reply(std::string_view buf) {
    size_t pos = 0;
    int first = 0;
    while (true) {
        size_t nl = buf.find('\n', pos);
        if (nl == std::string_view::npos) {
            if (buf.size() - pos > kMaxLine) return fail("reply line longer than 1000 bytes");
            return std::optional<SmtpReply>{};
        }
        std::string_view line = buf.substr(pos, nl - pos);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line.size() + 2 > kMaxLine) return fail("reply line longer than 1000 bytes");
        int code = 0;
        if (!code_at(line, code)) return fail("not an SMTP reply line: \"" + std::string(line.substr(0, 40)) + "\"");
        if (first && code != first) return fail("reply lines with different codes");
        first = code;
        pos = nl + 1;
        if (line.size() == 3 || line[3] == ' ')
            return std::optional<SmtpReply>{SmtpReply{code, std::string(line.size() > 4 ? line.substr(4) : ""), pos}};
    }
}

verdict::Reply SmtpReply::reply() const {
    verdict::Reply r{std::to_string(code), "", ""};
    std::string_view t = text;
    size_t sp = t.find(' ');
    std::string_view first = t.substr(0, sp);
    if (verdict::is_enhanced_code(first) && first[0] == r.code[0]) {
        r.xcode = std::string(first);
        t = sp == std::string_view::npos ? std::string_view{} : t.substr(sp + 1);
    }
    for (char ch : t)
        if (static_cast<unsigned char>(ch) >= 0x20 && ch != 0x7f) r.text += ch;
    return r;
}

}  // namespace mp::callahead
