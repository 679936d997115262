// args.cpp: see args.hpp.
#include "daemon/args.hpp"

#include <unistd.h>

#include <cstdio>

#include "policy/logging.hpp"
#include "util/log.hpp"

namespace mp::daemon {

std::optional<Args> parse_args(int argc, char** argv) {
    Args a;
    a.config = MP_SYSCONFDIR "/milterpack.conf";
    int c;
    while ((c = getopt(argc, argv, "f:dh")) != -1) {
        if (c == 'f') a.config = optarg;
        else if (c == 'd') a.to_stderr = true;
        else return std::nullopt;
    }
    if (a.config.empty() || optind != argc) return std::nullopt;
    return a;
}

bool load_config(policy::Runtime& runtime, const Args& args, const std::string& program) {
    if (auto r = runtime.load(); !r) {
        for (const auto& e : r.error().errors) std::fprintf(stderr, "%s\n", e.c_str());
        return false;
    }
    policy::setup_logging(runtime.current()->log(), program, args.to_stderr);
    return true;
}

int usage(const std::string& program) {
    std::fprintf(stderr,
                 "usage: %s [-f CONFIG] [-d]\n"
                 "  -f CONFIG  configuration file (milterpack.conf(5)), default " MP_SYSCONFDIR "/milterpack.conf\n"
                 "  -d         log to stderr instead of syslog\n",
                 program.c_str());
    return 2;
}

int fatal(const std::string& program, const std::string& what) {
    util::log_error("", what);
    std::fprintf(stderr, "%s: %s\n", program.c_str(), what.c_str());
    return 1;
}

}  // namespace mp::daemon
