// options.hpp: the `dns` section, one resolver for every module:
//
//   dns {
//       servers = { 127.0.0.1, "::1@5353" };  # default: nameserver lines of resolv_conf
//       resolv_conf = "/etc/resolv.conf";
//       query_timeout = 2s;    # one query; a check's own deadline may cut it shorter
//       cache_size = 10000;    # answers kept (0: no cache)
//       max_ttl = 1d; negative_ttl = 5m;
//   }
//
// The resolver only ever sends to these servers (a forwarding stub, never a
// recursive walk from the root), so a test's namespace with a DNS server on
// loopback sees every query and nothing else.
#pragma once
#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "config/table.hpp"
#include "dns/cache.hpp"
#include "util/result.hpp"

namespace mp::dns {

struct Options {
    std::vector<std::string> servers;  // "addr" or "addr@port"; empty: resolv_conf
    std::string resolv_conf = "/etc/resolv.conf";
    std::chrono::seconds query_timeout{2};
    uint32_t cache_size = 10000;
    std::chrono::seconds max_ttl{86400};
    std::chrono::seconds negative_ttl{300};

    CacheLimits cache_limits() const {
        return {cache_size, uint32_t(max_ttl.count()), uint32_t(negative_ttl.count())};
    }
};

const config::Table<Options>& table();

// "192.0.2.1", "2001:db8::1", "127.0.0.1@5353": an error for anything else.
Result<std::string> check_server(std::string_view s);
// The nameserver addresses of a resolv.conf text; an error when there are none.
Result<std::vector<std::string>> resolv_conf_servers(std::string_view text);

}  // namespace mp::dns
