// main.cpp: `milterpack [-f FILE] COMMAND [ARGS]`, the operator's tool:
//   check-config           validate FILE and everything it names (maps, keys)
//   dump-config            the effective configuration, defaults included
//   man-config             milterpack.conf(5) in roff, from the option tables
//   lookup TAG:KEY         which access-map entry answers, like postmap -q
//   dkim keygen ...        a DKIM key pair and its DNS TXT record
//   greylist ...           list, show, whitelist, delete greylisting entries; stats
//   access import FILE     a sendmail 8 access file as a milterpack access map
// Without -f, the configuration is MP_SYSCONFDIR/milterpack.conf.
#include <unistd.h>

#include <cstdio>
#include <string>

#include "cli/commands.hpp"

namespace {

int usage() {
    std::fputs("usage: milterpack [-f CONFIG] COMMAND [ARGS]\n"
               "  check-config | dump-config | man-config\n"
               "  lookup TAG:KEY\n"
               "  dkim keygen --domain D --selector S --algorithm rsa|ed25519 [--bits N] [--dir DIR]\n"
               "  greylist list | show KEY | whitelist KEY | delete KEY | stats | expire\n"
               "  access import FILE\n"
               "CONFIG defaults to " MP_SYSCONFDIR "/milterpack.conf\n"
               ,
               stderr);
    return 2;
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
};

}  // namespace

int main(int argc, char** argv) {
    mp::cli::Context ctx;
    ctx.config_path = MP_SYSCONFDIR "/milterpack.conf";
    int c;
    while ((c = getopt(argc, argv, "+f:h")) != -1) {
        if (c != 'f') return usage();
        ctx.config_path = optarg;
    }
    if (optind >= argc) return usage();
    std::string name = argv[optind];
    ctx.args.assign(argv + optind + 1, argv + argc);
    for (const auto& cmd : kCommands) {
        if (name != cmd.name) continue;
        return cmd.run(ctx);
    }
    return usage();
}
