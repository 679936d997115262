// endpoint.hpp: sendmail's socket notation, parsed in one place for every
// socket milterpack names (the milter's own listening socket, as in
// INPUT_MAIL_FILTER S= and libmilter's smfi_setconn; the scanners' sockets):
//   unix:/path  local:/path     a unix socket; the path is absolute and fits sun_path
//   inet:PORT@HOST              IPv4; PORT 1-65535
//   inet6:PORT@HOST             IPv6
// What a caller accepts beyond that is a SocketRules value: whether HOST must
// be a numeric address (a client that must not resolve names), whether it may
// be left out ("inet:PORT", every address, for a listening socket), whether a
// bare "/path" means a unix socket (libmilter reads it so).
//   auto s = parse_socket("inet:3310@127.0.0.1");     // Result<SocketSpec>
//   auto ep = Endpoint::parse("unix:/run/clamd.ctl");  // Result<Endpoint>, sockaddr ready
#pragma once
#include <sys/socket.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "util/result.hpp"

namespace mp::util {

struct SocketRules {
    bool numeric_host = true;  // HOST must be a numeric address of the family
    bool host_optional = false;  // "inet:PORT" leaves HOST empty
    bool bare_path = false;      // "/path" is "unix:/path"
};

struct SocketSpec {
    enum class Family { Unix, Inet, Inet6 };
    Family family = Family::Unix;
    std::string path;   // Unix
    uint16_t port = 0;  // Inet, Inet6
    std::string host;   // Inet, Inet6; empty only when the rules allow it
};

Result<SocketSpec> parse_socket(std::string_view spec, const SocketRules& rules = {});

// A socket address ready for connect(2), from a spec with a numeric host.
struct Endpoint {
    sockaddr_storage addr{};
    socklen_t len = 0;
    std::string text;  // as written, for log lines

    // parse_socket with the default rules (numeric host required), then the sockaddr.
    static Result<Endpoint> parse(std::string_view spec);
};

}  // namespace mp::util
