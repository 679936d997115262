// tags.hpp: the access-map tags of sendmail X README 3.9.3 and how each one's key is
// written in the map. Tags are case-insensitive ("CertSubject:" works).
//   cltaddr, mxbadip   IPv4 A.B.C.D / A.B.C / A.B / A, and (extension) IPv6
//                      addresses and CIDR nets of both families
//   cltname            host name; a leading dot matches subdomains only
//   cltresolve         ok | no | tempptr | tempa
//   from, to, protectedrcpt   addresses: user@domain, user, @domain, @.domain,
//                      user+detail, user++, user+*, user* (angle brackets optional)
//   certissuer, certsubject   a certificate DN, +XX encoded (dn.hpp)
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "access/rhs.hpp"

namespace mp::access {

enum class Tag { CltAddr, CltName, CltResolve, From, To, MxBadIp, CertIssuer, CertSubject, ProtectedRcpt };

std::optional<Tag> tag_from(std::string_view name);  // case-insensitive, without ':'
const char* tag_name(Tag t);                           // lowercase, without ':'
// May an entry with this tag say `relay`? (README 3.9.3: to, cltaddr, cltname, certissuer, certsubject)
bool relay_allowed(Tag t);

// The stored key for the part after "tag:", or why it is not a valid key.
Result<std::string, ParseError> normalize_key(Tag t, std::string_view key);

}  // namespace mp::access
