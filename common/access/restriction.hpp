// restriction.hpp: the right-hand side of a protectedrcpt: entry (sendmail X
// README 3.10.2): a blank-separated list of one or more restrictions
//   from:<sender>      (from:sender without brackets is accepted too)
//   cltaddr:NET        IPv4 A.B.C.D / A.B.C / A.B / A; extension: IPv6, CIDR
//   list:<alias>       the sender must be a member of that alias (not recursive)
// Parsed here, with the rest of the access-map grammar, so check-config finds
// a typo at load time; evaluated by protrcpt/.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "access/rhs.hpp"
#include "util/net.hpp"

namespace mp::access {

struct Restriction {
    enum class Kind { From, CltAddr, List };
    Kind kind = Kind::From;
    std::string written;  // as in the map, for logs
    std::string address;  // From, List: lowercased, without brackets
    util::Network net;    // CltAddr
};

Result<std::vector<Restriction>, ParseError> parse_restrictions(std::string_view text);

}  // namespace mp::access
