// message.cpp: see message.hpp.
#include "message.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>

#include "wire.hpp"

namespace mp::pmdriver {

std::string wire_message(std::string_view s) {
    std::string out;
    out.reserve(s.size() + s.size() / 32 + 2);
    bool bol = true;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (bol && s[i] == '.') out.push_back('.');
        if (s[i] == '\n' && (i == 0 || s[i - 1] != '\r')) out.push_back('\r');
        out.push_back(s[i]);
        bol = s[i] == '\n';
    }
    if (out.size() < 2 || out.compare(out.size() - 2, 2, "\r\n") != 0) out += "\r\n";
    return out;
}

Result<std::string> read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return fail(path + ": " + std::strerror(errno));
    std::ostringstream ss;
    ss << in.rdbuf();
    if (ss.str().size() > (64u << 20)) return fail(path + ": larger than 64 MiB");
    return ss.str();
}

Result<Split> parse_split(std::string_view s) {
    Split sp;
    if (s == "every") { sp.mode = Split::Mode::Every; return sp; }
    if (s.substr(0, 6) == "random") {
        sp.mode = Split::Mode::Random;
        if (s.size() == 6) return sp;
        if (s[6] != ':' || s.size() == 7) return fail("want random or random:SEED");
        s.remove_prefix(7);
    } else if (s.empty()) {
        return fail("want N, every or random[:SEED]");
    }
    std::size_t v = 0;
    for (char c : s) {
        if (c < '0' || c > '9' || v > pmapi::kMaxPayload) return fail("want N (1.." + std::to_string(pmapi::kMaxPayload) + "), every or random[:SEED]");
        v = v * 10 + static_cast<std::size_t>(c - '0');
    }
    if (sp.mode == Split::Mode::Random) { sp.seed = static_cast<unsigned>(v); return sp; }
    if (v == 0 || v > pmapi::kMaxPayload) return fail("chunk size must be 1.." + std::to_string(pmapi::kMaxPayload));
    sp.size = v;
    return sp;
}

std::vector<std::string> cut(const std::string& data, const Split& split) {
    std::vector<std::string> out;
    std::mt19937 rng(split.seed);
    std::uniform_int_distribution<std::size_t> dist(1, 64);
    for (std::size_t i = 0; i < data.size();) {
        std::size_t n = split.mode == Split::Mode::Every ? 1 : split.mode == Split::Mode::Size ? split.size : dist(rng);
        out.push_back(data.substr(i, n));
        i += n;
    }
    return out;
}

}  // namespace mp::pmdriver
