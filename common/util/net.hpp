// net.hpp: IP addresses and networks, IPv4 and IPv6 alike. Parsing accepts
// what MTAs hand over: sendmail writes IPv6 client addresses as "IPv6:2001:db8::1"
// and IPv4-mapped IPv6 addresses (::ffff:a.b.c.d) are treated as IPv4.
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace mp::util {

class IpAddr {
public:
    static std::optional<IpAddr> parse(std::string_view text);
    static IpAddr v4(uint32_t host_order);

    bool is_v4() const { return v4_; }
    uint32_t v4_value() const;  // host order; only for is_v4()
    const std::array<uint8_t, 16>& bytes() const { return b_; }  // v4 in b_[0..3]
    int bits() const { return v4_ ? 32 : 128; }
    // Keep the first `prefix` bits, zero the rest.
    IpAddr masked(int prefix) const;
    std::string str() const;
    bool operator==(const IpAddr&) const = default;

private:
    std::array<uint8_t, 16> b_{};
    bool v4_ = true;
};

struct Network {
    IpAddr addr;  // already masked
    int prefix = 0;

    // "10.0.0.0/8", "2001:db8::/32", or a bare address (full-length prefix).
    static std::optional<Network> parse(std::string_view text);
    bool contains(const IpAddr& a) const;
    std::string str() const;
};

}  // namespace mp::util
