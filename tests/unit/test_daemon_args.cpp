// test_daemon_args.cpp: the daemons' command line: short and long options,
// -h and -V without a configuration, and what is refused.
#include <doctest/doctest.h>
#include <getopt.h>

#include <string>
#include <vector>

#include "daemon/args.hpp"

using mp::daemon::Args;

namespace {

std::optional<Args> parse(std::vector<std::string> words) {
    std::string program = "milterpack-milter";
    std::vector<char*> argv{program.data()};
    for (auto& w : words) argv.push_back(w.data());
    argv.push_back(nullptr);
    optind = 0;  // glibc: start over
    return mp::daemon::parse_args(int(argv.size() - 1), argv.data());
}

}  // namespace

TEST_CASE("daemon command lines") {
    using M = Args::Mode;
    struct Row { std::vector<std::string> words; bool ok; M mode; std::string config; bool to_stderr; };  // config "": the default
    const Row rows[] = {
        {{"-f", "/etc/m.conf"}, true, M::Run, "/etc/m.conf", false},
        {{"--config", "/etc/m.conf", "-d"}, true, M::Run, "/etc/m.conf", true},
        {{"--config=/etc/m.conf", "--stderr"}, true, M::Run, "/etc/m.conf", true},
        {{"-h"}, true, M::Help, "", false},
        {{"--help"}, true, M::Help, "", false},
        {{"-V"}, true, M::Version, "", false},
        {{"--version"}, true, M::Version, "", false},
        {{}, true, M::Run, "", false},
        {{"-d"}, true, M::Run, "", true},
        {{"-f"}, false, M::Run, "", false},
        {{"-x", "-f", "a"}, false, M::Run, "", false},
        {{"-f", "a", "extra"}, false, M::Run, "", false},
    };
    for (const auto& r : rows) {
        auto a = parse(r.words);
        REQUIRE(a.has_value() == r.ok);
        if (!a) continue;
        CHECK(a->mode == r.mode);
        if (r.config.empty())  // the default: MP_SYSCONFDIR/milterpack.conf
            CHECK(a->config.ends_with("/milterpack.conf"));
        else
            CHECK(a->config == r.config);
        CHECK(a->to_stderr == r.to_stderr);
    }
}

TEST_CASE("the version line") {
    CHECK(mp::daemon::version_line("milterpack") == std::string("milterpack ") + mp::daemon::version());
    CHECK(!std::string(mp::daemon::version()).empty());
}
