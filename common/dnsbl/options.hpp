// options.hpp: one DNS list, `dnsbl LABEL { ... }` (a block list) or
// `dnswl LABEL { ... }` (an allow list); both sections take the same options
// (docs/rules.md, "DNS lists"):
//
//   dnsbl zen {
//       zone = "zen.spamhaus.org";             # required
//       ipv6 = no;                             # also ask for IPv6 clients (nibble form)
//       returns = { 127.0.0.2, "127.0.0.10/31" };  # A records that count; default 127.0.0.0/8
//       mask = 0x0;                            # or: listed when (A & mask) != 0
//       txt = yes;                             # fetch the TXT record when a rule shows it (%t)
//       timeout = 2s;                          # this list's share of the connect deadline
//   }
//
// The kind comes from the section name, so a rule's `dnsbl = LABEL` can only
// name a block list and `dnswl = LABEL` an allow list.
#pragma once
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "config/table.hpp"
#include "dnsbl/listing.hpp"
#include "util/net.hpp"
#include "util/result.hpp"

namespace mp::dnsbl {

struct Options {
    std::string label;
    Kind kind = Kind::Block;
    std::string zone;
    bool ipv6 = false;
    std::vector<util::Network> returns;  // empty (and no mask): 127.0.0.0/8
    uint32_t mask = 0;                   // 0: not used
    bool txt = true;
    std::chrono::seconds timeout{2};
};

const config::Table<Options>& block_table();  // "dnsbl", labelled, repeatable
const config::Table<Options>& allow_table();  // "dnswl", labelled, repeatable

// Every dnsbl and dnswl section of `root`, in file order; labels are unique
// across both kinds.
Result<std::vector<Options>, config::Diagnostics> lists_from(const config::Section& root);

}  // namespace mp::dnsbl
