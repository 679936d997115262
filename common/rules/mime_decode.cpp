// mime_decode.cpp: see mime_decode.hpp.
#include "rules/mime_decode.hpp"

#include "util/strings.hpp"

namespace mp::rules {

namespace {

constexpr size_t kMaxBoundary = 200;

int b64_value(unsigned char c) {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
}

// The value of parameter `name` in "type; a=b; name=\"v\"", "" when absent.
std::string parameter(std::string_view params, std::string_view name) {
    for (size_t i = 0; i < params.size();) {
        size_t semi = params.find(';', i);
        std::string_view p = util::trim(params.substr(i, semi == std::string_view::npos ? semi : semi - i));
        i = semi == std::string_view::npos ? params.size() : semi + 1;
        size_t eq = p.find('=');
        if (eq == std::string_view::npos || !util::iequals(util::trim(p.substr(0, eq)), name)) continue;
        std::string_view v = util::trim(p.substr(eq + 1));
        if (v.size() >= 2 && v.front() == '"') {
            size_t close = v.find('"', 1);
            return std::string(v.substr(1, close == std::string_view::npos ? v.size() - 1 : close - 1));
        }
        size_t end = v.find_first_of(" \t\r\n");
        return std::string(v.substr(0, end));
    }
    return "";
}

}  // namespace

ContentType parse_content_type(std::string_view value) {
    ContentType c;
    size_t semi = value.find(';');
    c.type = util::lower(util::trim(value.substr(0, semi)));
    if (semi == std::string_view::npos) return c;
    // A quoted boundary may hold ';': look for the parameter in the whole rest.
    std::string_view rest = value.substr(semi + 1);
    c.boundary = parameter(rest, "boundary");
    if (c.boundary.size() > kMaxBoundary) c.boundary.clear();
    return c;
}

Encoding parse_encoding(std::string_view value) {
    std::string_view v = util::trim(value);
    if (util::iequals(v, "base64")) return Encoding::Base64;
    if (util::iequals(v, "quoted-printable")) return Encoding::QuotedPrintable;
    return Encoding::Identity;
}

void Base64Decoder::feed(std::string_view line, std::string& out) {
    for (unsigned char c : line) {
        if (c == '=') {  // padding ends the quantum
            reset();
            continue;
        }
        int v = b64_value(c);
        if (v < 0) continue;
        bits_ = (bits_ << 6) | uint32_t(v);
        nbits_ += 6;
        if (nbits_ >= 8) {
            nbits_ -= 8;
            out.push_back(static_cast<char>((bits_ >> nbits_) & 0xff));
        }
    }
}

void decode_qp_line(std::string_view line, std::string& out) {
    while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
    bool soft = !line.empty() && line.back() == '=';
    if (soft) line.remove_suffix(1);
    for (size_t i = 0; i < line.size(); ++i) {
        bool escape = line[i] == '=' && i + 2 < line.size();
        int hi = escape ? util::hex_digit(line[i + 1]) : -1;
        int lo = escape ? util::hex_digit(line[i + 2]) : -1;
        if (hi >= 0 && lo >= 0) {
            out.push_back(static_cast<char>(hi * 16 + lo));
            i += 2;
        } else {
            out.push_back(line[i]);
        }
    }
    if (!soft) out.push_back('\n');
}

}  // namespace mp::rules
