// main.cpp: `milterpack [-f FILE] COMMAND [ARGS]`, the operator's tool:
//   check-config           validate FILE and everything it names (maps, keys)
//   dump-config            the effective configuration, defaults included
//   man-config             milterpack.conf(5) in roff, from the option tables
//   lookup TAG:KEY         which access-map entry answers, like postmap -q
//   dkim keygen ...        a DKIM key pair and its DNS TXT record
//   greylist ...           list, show, whitelist, delete greylisting entries; stats
//   access import FILE     a sendmail 8 access file as a milterpack access map
//   stats                  the daemon's metrics, scraped from its endpoint
// Without -f, the configuration is MP_SYSCONFDIR/milterpack.conf.
// -h/--help prints this on stdout (exit 0), -V/--version the version.
#include <getopt.h>
#include <unistd.h>

#include <cstdio>
#include <string>

#include "cli/commands.hpp"
#include "daemon/args.hpp"

namespace {

constexpr const char* kCommandsHelp =
    "commands:\n"
    "  check-config           validate CONFIG and every file it names, as the daemon's user\n"
    "  dump-config            the effective configuration, defaults included\n"
    "  man-config             milterpack.conf(5) in roff\n"
    "  lookup TAG:KEY         which access-map entry answers\n"
    "  dkim keygen -d DOMAIN -s SELECTOR [-a rsa|ed25519] [-b BITS] [-D DIR] [-u USER]\n"
    "  greylist list | show KEY | whitelist KEY | delete KEY | stats | expire\n"
    "  stats                  the running daemon's metrics (metrics { listen })\n"
    "  access import FILE     a sendmail 8 access file as a milterpack access map\n"
    "CONFIG defaults to " MP_SYSCONFDIR "/milterpack.conf\n";

constexpr mp::daemon::OptionDoc kOptions[] = {
    {'f', "config", "CONFIG", "configuration file (milterpack.conf(5))"},
    {'h', "help", nullptr, "print this help and exit"},
    {'V', "version", nullptr, "print the version and exit"},
};

const option kLong[] = {
    {"config", required_argument, nullptr, 'f'},
    {"help", no_argument, nullptr, 'h'},
    {"version", no_argument, nullptr, 'V'},
    {nullptr, 0, nullptr, 0},
};

int help(std::FILE* to, int status) {
    mp::daemon::print_help(to, "milterpack", "[-f CONFIG] COMMAND [ARGS]", kOptions, kCommandsHelp);
    return status;
}

struct Command {
    const char* name;
    int (*run)(const mp::cli::Context&);
    bool needs_config;
};

constexpr Command kCommands[] = {
    {"check-config", mp::cli::check_config, true}, {"dump-config", mp::cli::dump_config, true},
    {"man-config", mp::cli::man_page, false},      {"lookup", mp::cli::lookup, true},
    {"dkim", mp::cli::dkim, false},
    {"greylist", mp::cli::greylist, true},
    {"access", mp::cli::access, false},
    {"stats", mp::cli::stats, true},
};

}  // namespace

int main(int argc, char** argv) {
    mp::cli::Context ctx;
    ctx.config_path = MP_SYSCONFDIR "/milterpack.conf";
    int c;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "+f:hV", kLong, nullptr)) != -1) {
        if (c == 'h') return help(stdout, 0);
        if (c == 'V') return std::printf("%s\n", mp::daemon::version_line("milterpack").c_str()), 0;
        if (c != 'f') return help(stderr, 2);
        ctx.config_path = optarg;
        ctx.config_given = true;
    }
    if (optind >= argc) return help(stderr, 2);
    std::string name = argv[optind];
    ctx.args.assign(argv + optind + 1, argv + argc);
    for (const auto& cmd : kCommands) {
        if (name != cmd.name) continue;
        return cmd.run(ctx);
    }
    std::fprintf(stderr, "milterpack: unknown command '%s'\n", name.c_str());
    return help(stderr, 2);
}
