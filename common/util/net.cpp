// net.cpp: see net.hpp.
#include "util/net.hpp"

#include <arpa/inet.h>

#include <charconv>
#include <cstring>

#include "util/strings.hpp"

namespace mp::util {

std::optional<IpAddr> IpAddr::parse(std::string_view text) {
    if (istarts_with(text, "IPv6:")) text.remove_prefix(5);
    if (text.size() >= 2 && text.front() == '[' && text.back() == ']') text = text.substr(1, text.size() - 2);
    if (text.empty() || text.size() > 63) return std::nullopt;
    char buf[64];
    std::memcpy(buf, text.data(), text.size());
    buf[text.size()] = '\0';
    IpAddr a;
    if (inet_pton(AF_INET, buf, a.b_.data()) == 1) return a;
    if (inet_pton(AF_INET6, buf, a.b_.data()) != 1) return std::nullopt;
    static constexpr uint8_t mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    if (std::memcmp(a.b_.data(), mapped, 12) == 0) {
        std::memmove(a.b_.data(), a.b_.data() + 12, 4);
        std::memset(a.b_.data() + 4, 0, 12);
        return a;
    }
    a.v4_ = false;
    return a;
}

IpAddr IpAddr::v4(uint32_t h) {
    IpAddr a;
    a.b_[0] = uint8_t(h >> 24);
    a.b_[1] = uint8_t(h >> 16);
    a.b_[2] = uint8_t(h >> 8);
    a.b_[3] = uint8_t(h);
    return a;
}

uint32_t IpAddr::v4_value() const {
    return uint32_t(b_[0]) << 24 | uint32_t(b_[1]) << 16 | uint32_t(b_[2]) << 8 | b_[3];
}

IpAddr IpAddr::masked(int prefix) const {
    IpAddr out = *this;
    int n = bits() / 8;
    for (int i = 0; i < n; ++i) {
        int keep = prefix - i * 8;
        if (keep >= 8) continue;
        out.b_[i] = keep <= 0 ? 0 : uint8_t(out.b_[i] & (0xff << (8 - keep)));
    }
    return out;
}

std::string IpAddr::str() const {
    char buf[INET6_ADDRSTRLEN];
    inet_ntop(v4_ ? AF_INET : AF_INET6, b_.data(), buf, sizeof buf);
    return buf;
}

std::optional<Network> Network::parse(std::string_view text) {
    auto slash = text.find('/');
    auto addr = IpAddr::parse(text.substr(0, slash));
    if (!addr) return std::nullopt;
    int prefix = addr->bits();
    if (slash != std::string_view::npos) {
        auto p = text.substr(slash + 1);
        auto [end, ec] = std::from_chars(p.data(), p.data() + p.size(), prefix);
        if (ec != std::errc() || end != p.data() + p.size() || p.empty()) return std::nullopt;
        if (prefix < 0 || prefix > addr->bits()) return std::nullopt;
    }
    return Network{addr->masked(prefix), prefix};
}

bool Network::contains(const IpAddr& a) const {
    return a.is_v4() == addr.is_v4() && a.masked(prefix) == addr;
}

std::string Network::str() const { return addr.str() + "/" + std::to_string(prefix); }

}  // namespace mp::util
