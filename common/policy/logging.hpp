// logging.hpp: util::log_setup() from the `log` section of a configuration:
// from the LogOptions an Engine read (the daemons), or from a parsed file.
#pragma once
#include <string>

#include "config/config.hpp"
#include "policy/daemon_schema.hpp"

namespace mp::policy {

void setup_logging(const LogOptions& log, const std::string& program, bool to_stderr);
void setup_logging(const config::Config& cfg, const std::string& program, bool to_stderr);

}  // namespace mp::policy
