// daemon_schema.hpp: option tables of the daemon itself: the `milter` section
// (socket, user, libmilter knobs), the `pmilter` section (socket, user,
// libpmilter limits) and the `log` section.
#pragma once
#include "config/schema.hpp"

namespace mp::policy {

const config::SectionSpec& milter_schema();
const config::SectionSpec& pmilter_schema();
const config::SectionSpec& log_schema();

}  // namespace mp::policy
