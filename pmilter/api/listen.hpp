// listen.hpp: the socket spec of sm_pmfi_setconn and the listening socket.
// Forms: "unix:/path", "local:/path", a bare absolute path, "inet:PORT@ADDR"
// (ADDR an IPv4 literal, or an IPv6 literal, optionally in [brackets]).
// A unix socket file left by a dead process is replaced; one that a live
// process answers on is an error.
#pragma once
#include <string>
#include <string_view>

#include "util/raii.hpp"
#include "util/result.hpp"

namespace mp::pmapi {

struct ListenSpec {
    enum class Kind { Unix, Inet } kind = Kind::Unix;
    std::string path;  // Unix
    std::string addr;  // Inet: address literal without brackets
    unsigned port = 0;
};

Result<ListenSpec> parse_spec(std::string_view spec);
Result<util::Fd> open_listener(const ListenSpec& spec);

}  // namespace mp::pmapi
