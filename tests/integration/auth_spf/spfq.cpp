// spfq.cpp: mp::spf::Checker on the command line, for the integration tests.
//   spfq [-s SERVER] [-t TIMEOUT_S] [-q QUERY_TIMEOUT_S] [-H] [-w] IP HELO SENDER [IP HELO SENDER ...]
// -H checks the HELO identity instead of MAIL FROM. Several checks run in
// one process, one Checker (and so one result cache). With -w spfq prints
// "waiting" and reads a line from stdin before each check after the first,
// so the test can stop or start the DNS server in between. Prints for each check
//   RESULT identity=SENDER exp=EXPLANATION comment=COMMENT cached=yes|no
//   received-spf=VALUE
//   authres=VALUE
//   elapsed_ms N
#include <unistd.h>

#include <cstdio>
#include <cstdlib>

#include "spf/check.hpp"

using namespace mp;

int main(int argc, char** argv) {
    dns::Options o;
    int timeout = 5;
    bool helo = false;
    bool wait_line = false;
    for (int c; (c = getopt(argc, argv, "s:t:q:Hw")) != -1;) {
        if (c == 's') o.servers.push_back(optarg);
        else if (c == 't') timeout = std::atoi(optarg);
        else if (c == 'q') o.query_timeout = std::chrono::seconds(std::atoi(optarg));
        else if (c == 'H') helo = true;
        else if (c == 'w') wait_line = true;
        else return 2;
    }
    if (argc - optind < 3 || (argc - optind) % 3)
        return std::fprintf(stderr, "usage: spfq [-s SERVER] [-t S] [-q S] [-H] [-w] IP HELO SENDER ...\n"), 2;
    auto res = dns::Resolver::create(o);
    if (!res) return std::fprintf(stderr, "spfq: %s\n", res.error().message.c_str()), 2;
    spf::Checker checker(*res, "rx.sandbox.test", std::chrono::seconds(timeout));
    for (int i = optind; i < argc; i += 3) {
        if (i > optind && wait_line) {
            std::printf("waiting\n");
            std::fflush(stdout);
            char line[64];
            if (!std::fgets(line, sizeof line, stdin)) return 3;
        }
        spf::Query q{argv[i], argv[i + 1], argv[i + 2]};
        auto start = dns::Clock::now();
        spf::Outcome out = helo ? checker.helo(q) : checker.mail_from(q);
        auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(dns::Clock::now() - start).count();
        std::printf("%s identity=%s exp=%s comment=%s cached=%s\n", spf::result_name(out.result), out.sender.c_str(),
                    out.explanation.c_str(), out.comment.c_str(), out.cached ? "yes" : "no");
        std::printf("received-spf=%s\nauthres=%s\nelapsed_ms %lld\n", out.received_spf.c_str(),
                    out.authres().c_str(), static_cast<long long>(ms));
        std::fflush(stdout);
    }
    return 0;
}
