// query.cpp: see query.hpp.
#include "dnsbl/query.hpp"

namespace mp::dnsbl {

std::string query_name(const util::IpAddr& client, std::string_view zone) {
    static const char hex[] = "0123456789abcdef";
    const auto& b = client.bytes();
    std::string out;
    if (client.is_v4()) {
        for (int i = 3; i >= 0; --i) out += std::to_string(b[size_t(i)]) + ".";
    } else {
        for (int i = 15; i >= 0; --i) {
            out += hex[b[size_t(i)] & 0xf];
            out += '.';
            out += hex[b[size_t(i)] >> 4];
            out += '.';
        }
    }
    return out.append(zone);
}

bool asks(const Options& list, const util::IpAddr& client) { return client.is_v4() || list.ipv6; }

bool listed_by(const Options& list, const util::IpAddr& a) {
    if (!a.is_v4()) return false;
    if (list.returns.empty() && list.mask == 0) return (a.v4_value() >> 24) == 127;
    for (const auto& n : list.returns)
        if (n.contains(a)) return true;
    return (a.v4_value() & list.mask) != 0;
}

}  // namespace mp::dnsbl
