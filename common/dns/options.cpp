// options.cpp: see options.hpp.
#include "dns/options.hpp"

#include <arpa/inet.h>

#include <sstream>

namespace mp::dns {

using CT = config::Type;

Result<std::string> check_server(std::string_view s) {
    std::string addr(s.substr(0, s.find('@')));
    if (addr.size() < s.size()) {
        std::string port(s.substr(addr.size() + 1));
        bool digits = !port.empty() && port.size() <= 5 && port.find_first_not_of("0123456789") == std::string::npos;
        if (!digits || std::stoi(port) == 0 || std::stoi(port) > 65535)
            return fail("DNS server '" + std::string(s) + "': port must be 1..65535");
    }
    unsigned char buf[16];
    if (inet_pton(AF_INET, addr.c_str(), buf) != 1 && inet_pton(AF_INET6, addr.c_str(), buf) != 1)
        return fail("DNS server '" + std::string(s) + "' is not an IPv4 or IPv6 address (ADDR or ADDR@PORT)");
    return std::string(s);
}

Result<std::vector<std::string>> resolv_conf_servers(std::string_view text) {
    std::vector<std::string> out;
    std::istringstream in{std::string(text)};
    std::string line;
    while (std::getline(in, line)) {
        std::istringstream words(line);
        std::string key, addr;
        if (!(words >> key >> addr) || key != "nameserver") continue;
        if (auto s = check_server(addr)) out.push_back(*s);
    }
    if (out.empty()) return fail("no usable nameserver line");
    return out;
}

const config::Table<Options>& table() {
    using O = Options;
    static const config::Table<O> t{{
        .name = "dns",
        .doc = "the resolver shared by SPF, DKIM verification and DMARC (a forwarding stub to the configured servers)",
        .rows = {
            {.name = "servers", .type = CT::StringList, .to = config::each<&O::servers>(check_server),
             .doc = "DNS servers (ADDR or ADDR@PORT) to send every query to; default: resolv_conf's nameservers"},
            {.name = "resolv_conf", .type = CT::String, .def = "\"/etc/resolv.conf\"", .to = config::to<&O::resolv_conf>(),
             .doc = "file whose nameserver lines are used when servers is not set"},
            {.name = "query_timeout", .type = CT::Time, .def = "2s", .min = 1, .max = 60,
             .to = config::to<&O::query_timeout>(), .doc = "longest wait for one answer (a check's deadline may be shorter)"},
            {.name = "cache_size", .type = CT::Int, .def = "10000", .min = 0, .max = 10000000,
             .to = config::to<&O::cache_size>(), .doc = "answers kept in the positive/negative cache (0: none)"},
            {.name = "max_ttl", .type = CT::Time, .def = "1d", .min = 0, .max = 7 * 86400,
             .to = config::to<&O::max_ttl>(), .doc = "longest time an answer is cached, whatever its TTL"},
            {.name = "negative_ttl", .type = CT::Time, .def = "5m", .min = 0, .max = 86400,
             .to = config::to<&O::negative_ttl>(), .doc = "longest time a no-data or no-such-domain answer is cached"},
        },
    }};
    return t;
}

}  // namespace mp::dns
