// logging.hpp: util::log_setup() from the `log` section of a configuration.
#pragma once
#include <string>

#include "config/config.hpp"

namespace mp::policy {

void setup_logging(const config::Config& cfg, const std::string& program, bool to_stderr);

}  // namespace mp::policy
