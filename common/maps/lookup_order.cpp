// lookup_order.cpp: see lookup_order.hpp.
#include "maps/lookup_order.hpp"

#include <charconv>

#include "util/strings.hpp"

namespace mp::maps {

std::string network_key(const util::Network& net) {
    if (!net.addr.is_v4()) return net.prefix == 128 ? net.addr.str() : net.str();
    const auto& b = net.addr.bytes();
    switch (net.prefix) {
        case 32: return net.addr.str();
        case 24: return std::to_string(b[0]) + "." + std::to_string(b[1]) + "." + std::to_string(b[2]);
        case 16: return std::to_string(b[0]) + "." + std::to_string(b[1]);
        case 8: return std::to_string(b[0]);
        default: return net.str();
    }
}

namespace {

// "10", "10.1", "10.1.2": the README's dotted IPv4 prefixes (3.12.1).
std::optional<util::Network> dotted_prefix(std::string_view text) {
    uint32_t value = 0;
    int parts = 0;
    while (!text.empty() && parts < 4) {
        unsigned octet = 0;
        auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), octet);
        size_t used = size_t(end - text.data());
        if (ec != std::errc() || octet > 255 || used == 0 || used > 3) return std::nullopt;
        if (used > 1 && text.front() == '0') return std::nullopt;  // no octal look-alikes, as inet_pton
        value = value << 8 | octet;
        ++parts;
        text.remove_prefix(used);
        if (text.empty()) break;
        if (text.front() != '.' || text.size() == 1) return std::nullopt;
        text.remove_prefix(1);
    }
    if (!text.empty() || parts == 0 || parts == 4) return std::nullopt;
    value <<= 8 * (4 - parts);
    return util::Network{util::IpAddr::v4(value), 8 * parts};
}

}  // namespace

std::optional<util::Network> parse_net_lhs(std::string_view text) {
    if (auto d = dotted_prefix(text)) return d;
    auto net = util::Network::parse(text);
    if (!net) return std::nullopt;
    auto slash = text.find('/');
    if (slash != std::string_view::npos && !(util::IpAddr::parse(text.substr(0, slash)) == net->addr))
        return std::nullopt;  // host bits set below the prefix
    return net;
}

std::vector<std::string> domain_keys(std::string_view domain, bool with_root) {
    std::vector<std::string> out;
    std::string d = util::lower(domain);
    while (!d.empty() && d.back() == '.') d.pop_back();
    if (d.empty()) return out;
    out.push_back(d);
    if (d.front() != '[') {  // an address literal has no parent domains
        for (size_t dot = d.find('.', 1); dot != std::string::npos; dot = d.find('.', dot + 1))
            out.push_back(d.substr(dot));
    }
    if (with_root) out.push_back(".");
    return out;
}

std::vector<std::string> ip_keys(const util::IpAddr& addr, const PrefixSet* nets) {
    std::vector<std::string> out;
    const bool v4 = addr.is_v4();
    for (int p = addr.bits(); p >= 0; --p) {
        bool dotted = v4 && (p == 32 || p == 24 || p == 16 || p == 8);
        bool cidr = nets && (v4 ? nets->v4.test(size_t(p)) : nets->v6.test(size_t(p)));
        if (dotted || p == addr.bits() || cidr) out.push_back(network_key({addr.masked(p), p}));
    }
    return out;
}

namespace {

struct Parts {
    std::string user, detail, domain;
    bool has_detail = false, has_domain = false;
};

Parts split_address(std::string_view address, char delimiter) {
    Parts p;
    std::string a = util::lower(util::strip_angles(util::trim(address)));
    std::string local = a;
    if (auto at = a.rfind('@'); at != std::string::npos) {
        local = a.substr(0, at);
        p.domain = a.substr(at + 1);
        p.has_domain = true;
    }
    if (auto d = local.find(delimiter); d != std::string::npos) {
        p.user = local.substr(0, d);
        p.detail = local.substr(d + 1);
        p.has_detail = true;
    } else {
        p.user = local;
    }
    return p;
}

// The local-part forms of steps 1a-1e / 2a-2e, each followed by `suffix`.
void local_forms(const Parts& p, const AddressOrder& o, const std::string& suffix,
                 std::vector<std::string>& out) {
    const std::string delim(1, o.delimiter);
    if (p.user.empty() && !p.has_detail) return;
    if (p.has_detail) {
        out.push_back(p.user + delim + p.detail + suffix);
        if (!p.detail.empty()) out.push_back(p.user + delim + "+" + suffix);
        out.push_back(p.user + delim + "*" + suffix);
    }
    out.push_back(p.user + "*" + suffix);
    if (!p.has_detail || o.implicit_detail) out.push_back(p.user + suffix);
}

}  // namespace

std::vector<std::string> address_keys(std::string_view address, const AddressOrder& order) {
    std::vector<std::string> out;
    Parts p = split_address(address, order.delimiter);
    if (p.user.empty() && !p.has_detail && p.domain.empty()) return out;
    for (const auto& d : domain_keys(p.domain)) {
        local_forms(p, order, "@" + d, out);
        out.push_back("@" + d);
    }
    if (order.local_part) local_forms(p, order, "", out);
    return out;
}

}  // namespace mp::maps
