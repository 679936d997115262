// args.cpp: see args.hpp.
#include "daemon/args.hpp"

#include <getopt.h>
#include <unistd.h>

#include <cstdio>

#include "policy/logging.hpp"
#include "util/log.hpp"

namespace mp::daemon {

namespace {

constexpr OptionDoc kDaemonOptions[] = {
    {'f', "config", "CONFIG", "configuration file (milterpack.conf(5))"},
    {'d', "stderr", nullptr, "log to stderr instead of syslog"},
    {'h', "help", nullptr, "print this help and exit"},
    {'V', "version", nullptr, "print the version and exit"},
};

const option kLong[] = {
    {"config", required_argument, nullptr, 'f'},
    {"stderr", no_argument, nullptr, 'd'},
    {"help", no_argument, nullptr, 'h'},
    {"version", no_argument, nullptr, 'V'},
    {nullptr, 0, nullptr, 0},
};

}  // namespace

const char* version() { return MP_VERSION; }

std::string version_line(const std::string& program) { return program + " " + version(); }

void print_help(std::FILE* to, const std::string& program, const std::string& synopsis,
                std::span<const OptionDoc> options, const std::string& tail) {
    std::fprintf(to, "usage: %s %s\n", program.c_str(), synopsis.c_str());
    for (const auto& o : options) {
        std::string left = std::string("-") + o.short_name + ", --" + o.long_name;
        if (o.arg) left += std::string(" ") + o.arg;
        std::fprintf(to, "  %-22s %s\n", left.c_str(), o.doc);
    }
    std::fputs(tail.c_str(), to);
}

std::span<const OptionDoc> daemon_options() { return kDaemonOptions; }

std::optional<Args> parse_args(int argc, char** argv) {
    Args a;
    a.config = MP_SYSCONFDIR "/milterpack.conf";
    int c;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "f:dhV", kLong, nullptr)) != -1) {
        if (c == 'f') a.config = optarg;
        else if (c == 'd') a.to_stderr = true;
        else if (c == 'h') a.mode = Args::Mode::Help;
        else if (c == 'V') a.mode = Args::Mode::Version;
        else return std::nullopt;
    }
    if (optind != argc) return std::nullopt;
    if (a.mode == Args::Mode::Run && a.config.empty()) return std::nullopt;
    return a;
}

std::optional<int> handle_args(const std::optional<Args>& args, const std::string& program) {
    if (!args) return usage(program);
    if (args->mode == Args::Mode::Help) {
        print_help(stdout, program, "-f CONFIG [-d]", daemon_options(),
                   "Runs in the foreground; SIGUSR1 reloads the configuration, SIGTERM stops.\n");
        return 0;
    }
    if (args->mode == Args::Mode::Version) {
        std::printf("%s\n", version_line(program).c_str());
        return 0;
    }
    return std::nullopt;
}

bool load_config(policy::Runtime& runtime, const Args& args, const std::string& program) {
    if (auto r = runtime.load(); !r) {
        for (const auto& e : r.error().errors) std::fprintf(stderr, "%s\n", e.c_str());
        return false;
    }
    policy::setup_logging(runtime.current()->log(), program, args.to_stderr);
    util::log_notice("", version_line(program) + " starting, configuration " + runtime.path());
    return true;
}

int usage(const std::string& program) {
    print_help(stderr, program, "[-f CONFIG] [-d]", daemon_options(),
               "CONFIG defaults to " MP_SYSCONFDIR "/milterpack.conf\n");
    return 2;
}

int fatal(const std::string& program, const std::string& what) {
    util::log_error("", what);
    std::fprintf(stderr, "%s: %s\n", program.c_str(), what.c_str());
    return 1;
}

}  // namespace mp::daemon
