// args.hpp: the command lines of milterpack's programs, in one place:
//   milterpack-milter  [-d] [-f CONFIG] | -h | -V      (daemon_options())
//   milterpack-pmilter [-d] [-f CONFIG] | -h | -V
//   milterpack [-f CONFIG] COMMAND [ARGS] | -h | -V    (cli/main.cpp)
// Every program takes the short and the long form of each option (-f and
// --config), prints its help on stdout with exit 0 (-h, --help) and one line
// "PROGRAM VERSION" (-V, --version). Also the daemons' first load of the
// configuration and their one way of reporting a fatal start-up error.
// CONFIG defaults to MP_SYSCONFDIR/milterpack.conf.
#pragma once
#include <cstdio>
#include <optional>
#include <span>
#include <string>

#include "policy/engine.hpp"

namespace mp::daemon {

// milterpack's version, as the build's project() declares it.
const char* version();
// "PROGRAM VERSION".
std::string version_line(const std::string& program);

// One option of a program's help text.
struct OptionDoc {
    char short_name;
    const char* long_name;
    const char* arg;  // nullptr: takes no value
    const char* doc;
};
// "usage: PROGRAM SYNOPSIS", the option lines, then `tail` (may be empty).
void print_help(std::FILE* to, const std::string& program, const std::string& synopsis,
                std::span<const OptionDoc> options, const std::string& tail = "");

struct Args {
    std::string config;      // -f, --config CONFIG; else MP_SYSCONFDIR "/milterpack.conf"
    bool to_stderr = false;  // -d, --stderr: log to stderr instead of syslog
    enum class Mode { Run, Help, Version } mode = Mode::Run;
};

// The daemons' options, for their help text and man pages.
std::span<const OptionDoc> daemon_options();
// nullopt on a bad command line (then call usage()).
std::optional<Args> parse_args(int argc, char** argv);
// Handles -h and -V (prints, returns their exit status 0), a bad command line
// (usage on stderr, 2); nullopt when the daemon is to run.
std::optional<int> handle_args(const std::optional<Args>& args, const std::string& program);
// Loads the configuration (every error on stderr: false, exit with 2), sets
// up logging for `program` from its log section and logs the start-up line
// "PROGRAM VERSION starting, configuration FILE".
bool load_config(policy::Runtime& runtime, const Args& args, const std::string& program);
// Prints the usage of `program` on stderr; returns the exit status 2.
int usage(const std::string& program);
// Logs `what` and prints "program: what" on stderr; returns the exit status 1.
int fatal(const std::string& program, const std::string& what);

}  // namespace mp::daemon
