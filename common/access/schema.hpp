// schema.hpp: the configuration of the access checks.
//   access_map { file = "/etc/mail/milterpack/access"; address_delimiter = "+";
//                implicitly_match_detail = off; }
//   policy { flags = { delay_checks, soft_bounce }; }
// Core code takes Options / Flags; these read them from a parsed config.
#pragma once
#include "access/accessmap.hpp"
#include "access/decision.hpp"
#include "config/config.hpp"
#include "config/schema.hpp"

namespace mp::access {

const config::SectionSpec& access_map_schema();
const config::SectionSpec& policy_schema();

Result<Options> options_from(const config::Section& access_map);
Flags flags_from(const config::Section& policy);

}  // namespace mp::access
