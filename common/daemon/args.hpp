// args.hpp: the command line both adapters share:
//   PROGRAM [-f CONFIG] [-d]     (CONFIG defaults to MP_SYSCONFDIR/milterpack.conf)
// the first load of the configuration, and their one way of reporting a
// fatal start-up error (log and stderr).
#pragma once
#include <optional>
#include <string>

#include "policy/engine.hpp"

namespace mp::daemon {

struct Args {
    std::string config;      // -f CONFIG, else MP_SYSCONFDIR "/milterpack.conf"
    bool to_stderr = false;  // -d: log to stderr instead of syslog
};

// nullopt on a bad command line (then call usage()).
std::optional<Args> parse_args(int argc, char** argv);
// Loads the configuration (every error on stderr: false, exit with 2) and
// sets up logging for `program` from its log section.
bool load_config(policy::Runtime& runtime, const Args& args, const std::string& program);
// Prints the usage of `program` on stderr; returns the exit status 2.
int usage(const std::string& program);
// Logs `what` and prints "program: what" on stderr; returns the exit status 1.
int fatal(const std::string& program, const std::string& what);

}  // namespace mp::daemon
