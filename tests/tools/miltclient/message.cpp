// message.cpp: see message.hpp.
#include "message.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace mp::miltclient {
namespace {

bool is_field_char(unsigned char c) { return c > 0x20 && c < 0x7f && c != ':'; }

std::string_view chomp(std::string_view line) {
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    return line;
}

}  // namespace

std::string crlf_normalize(std::string_view s) {
    std::string out;
    out.reserve(s.size() + s.size() / 32);
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '\n' && (i == 0 || s[i - 1] != '\r')) out.push_back('\r');
        out.push_back(s[i]);
    }
    return out;
}

Result<std::string> read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return fail(path + ": " + std::strerror(errno));
    in.seekg(0, std::ios::end);
    auto size = in.tellg();
    if (size < 0) return fail(path + ": cannot determine size");
    if (static_cast<std::size_t>(size) > kMaxFile) return fail(path + ": larger than 256 MiB");
    in.seekg(0);
    std::string data(static_cast<std::size_t>(size), '\0');
    if (!in.read(data.data(), size)) return fail(path + ": read error");
    return data;
}

Result<Message> parse_message(std::string_view text, const std::string& name) {
    Message m;
    std::size_t pos = 0;
    int lineno = 0;
    while (pos < text.size()) {
        auto nl = text.find('\n', pos);
        std::size_t next = nl == std::string_view::npos ? text.size() : nl + 1;
        std::string_view line = chomp(text.substr(pos, (nl == std::string_view::npos ? text.size() : nl) - pos));
        ++lineno;
        pos = next;
        if (line.empty()) break;  // end of the header section
        std::string where = name + ":" + std::to_string(lineno) + ": ";
        if (line[0] == ' ' || line[0] == '\t') {
            if (m.headers.empty()) return fail(where + "continuation line before the first header");
            m.headers.back().raw_value += "\n";
            m.headers.back().raw_value += line;
            continue;
        }
        auto colon = line.find(':');
        if (colon == std::string_view::npos || colon == 0) return fail(where + "header line without a field name and colon");
        for (std::size_t i = 0; i < colon; ++i)
            if (!is_field_char(static_cast<unsigned char>(line[i])))
                return fail(where + "bad character in header field name");
        m.headers.push_back({std::string(line.substr(0, colon)), std::string(line.substr(colon + 1))});
    }
    m.body = crlf_normalize(text.substr(std::min(pos, text.size())));
    return m;
}

}  // namespace mp::miltclient
