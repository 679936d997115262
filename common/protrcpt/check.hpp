// check.hpp: protected recipients (sendmail X README 3.10.2). Every recipient is
// looked up in the access map with the tag protectedrcpt: (address lookup
// order, local part alone included: "protectedrcpt:list3" protects list3@ any
// domain). A matching entry lists restrictions, evaluated in order; the first
// that matches accepts the recipient (sequential OR). When none matches the
// recipient is rejected with the configured reply (550 5.7.1 ...; soft_bounce
// applies). A recipient without an entry is not protected.
//
//   from:<s>     the sender equals s (exact), or s is one of the sender's
//                lookup keys (generic_lookup: s may be user+*@d, @d, @.d, user ...)
//   list:<a>     the same test against each member of alias a (aliases map:
//                full address first, then its local part); not recursive
//   cltaddr:NET  the client address equals NET (exact: only a full address
//                matches, so "cltaddr:10" needs generic_lookup), or lies in NET
//
// A restriction of a kind that allow_by does not enable never matches (so an
// entry holding only such restrictions rejects: it fails closed); lint()
// lists them, and list: restrictions naming an unknown alias, for check-config.
// The sender <> matches no from:/list: restriction.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "access/accessmap.hpp"
#include "access/decision.hpp"
#include "maps/aliasmap.hpp"
#include "protrcpt/options.hpp"

namespace mp::protrcpt {

struct Facts {
    std::string_view rcpt;         // envelope recipient, brackets optional
    std::string_view sender;       // envelope sender, "<>" or "" for the null sender
    std::string_view client_addr;  // {client_addr}
};

// Decision::None when the recipient is not protected or a restriction matched
// (then `matched` names the entry and the restriction, for the log line);
// Reject/Tempfail (stage "rcpt") when no restriction matched. `aliases` may be null.
access::Decision check(const Options& opts, const access::AccessMap& map, const maps::AliasMap* aliases,
                       const access::Flags& flags, const Facts& facts);

// Configuration problems worth a warning: "access:LINE: ..." lines.
std::vector<std::string> lint(const Options& opts, const access::AccessMap& map, const maps::AliasMap* aliases);

}  // namespace mp::protrcpt
