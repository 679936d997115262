// logging.cpp: see logging.hpp.
#include "policy/logging.hpp"

#include "util/log.hpp"

namespace mp::policy {

namespace {

util::LogLevel level_of(const std::string& w) {
    if (w == "error") return util::LogLevel::Error;
    if (w == "warning") return util::LogLevel::Warning;
    if (w == "notice") return util::LogLevel::Notice;
    if (w == "debug") return util::LogLevel::Debug;
    return util::LogLevel::Info;
}

}  // namespace

void setup_logging(const config::Config& cfg, const std::string& program, bool to_stderr) {
    util::LogSetup s;
    s.ident = program;
    s.to_stderr = to_stderr;
    if (const auto* log = cfg.root().section("log")) {
        if (!log->str("ident").empty()) s.ident = log->str("ident");
        s.facility = log->word("facility");
        s.level = level_of(log->word("level"));
    }
    util::log_setup(s);
}

}  // namespace mp::policy
