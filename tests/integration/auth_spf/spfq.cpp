// spfq.cpp: mp::spf::Checker on the command line, for the integration tests.
//   spfq [-s SERVER] [-t TIMEOUT_S] [-H] IP HELO SENDER
// -H checks the HELO identity instead of MAIL FROM. Prints
//   RESULT identity=SENDER exp=EXPLANATION comment=COMMENT
//   received-spf=VALUE
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
    for (int c; (c = getopt(argc, argv, "s:t:H")) != -1;) {
        if (c == 's') o.servers.push_back(optarg);
        else if (c == 't') timeout = std::atoi(optarg);
        else if (c == 'H') helo = true;
        else return 2;
    }
    if (argc - optind != 3) return std::fprintf(stderr, "usage: spfq [-s SERVER] [-t S] [-H] IP HELO SENDER\n"), 2;
    auto res = dns::Resolver::create(o);
    if (!res) return std::fprintf(stderr, "spfq: %s\n", res.error().message.c_str()), 2;
    spf::Checker checker(*res, "rx.sandbox.test", std::chrono::seconds(timeout));
    spf::Query q{argv[optind], argv[optind + 1], argv[optind + 2]};
    auto start = dns::Clock::now();
    spf::Outcome out = helo ? checker.helo(q) : checker.mail_from(q);
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(dns::Clock::now() - start).count();
    std::printf("%s identity=%s exp=%s comment=%s\n", spf::result_name(out.result), out.sender.c_str(),
                out.explanation.c_str(), out.comment.c_str());
    std::printf("received-spf=%s\nauthres=%s\nelapsed_ms %lld\n", out.received_spf.c_str(), out.authres().c_str(),
                static_cast<long long>(ms));
    return 0;
}
