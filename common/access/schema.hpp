// schema.hpp: the configuration of the access checks, one option table per
// section with each row bound to its member (config/table.hpp).
//   access_map { file = "/etc/mail/milterpack/access"; address_delimiter = "+";
//                implicitly_match_detail = off; }
//   policy { flags = { delay_checks, soft_bounce }; }
// Core code takes Options / Flags; these read them from a parsed config.
#pragma once
#include "access/accessmap.hpp"
#include "access/decision.hpp"
#include "config/config.hpp"
#include "config/table.hpp"

namespace mp::access {

const config::Table<Options>& access_map_table();
const config::Table<Flags>& policy_table();

Result<Options, config::Diagnostic> options_from(const config::Section& access_map);
Result<Flags, config::Diagnostic> flags_from(const config::Section& policy);

}  // namespace mp::access
