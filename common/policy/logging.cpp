// logging.cpp: see logging.hpp.
#include "policy/logging.hpp"

#include "util/log.hpp"

namespace mp::policy {

void setup_logging(const config::Config& cfg, const std::string& program, bool to_stderr) {
    LogOptions o;
    if (const auto* sec = cfg.root().section("log")) (void)log_table().read(*sec, o);  // rows only: cannot fail
    setup_logging(o, program, to_stderr);
}

void setup_logging(const LogOptions& o, const std::string& program, bool to_stderr) {
    util::LogSetup s;
    s.ident = o.ident.empty() ? program : o.ident;
    s.facility = o.facility;
    s.level = o.level;
    s.to_stderr = to_stderr;
    util::log_setup(s);
}

}  // namespace mp::policy
