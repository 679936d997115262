// auth_bench.cpp: SPF checks in process, for bench/auth/run.sh.
//   auth_bench rate SERVER N CACHE_SIZE IP SENDER
//       N checks of one (IP, SENDER) by one Checker after one warm-up check
//       (DNS cache warm; CACHE_SIZE 0 turns the result cache off, so each
//       check is a full libspf2 evaluation over the warm DNS cache). Prints
//       "checks=N seconds=S rate=R/s cached=K" (K: answers from the result cache).
//   auth_bench once SERVER TIMEOUT_S QUERY_TIMEOUT_S IP SENDER
//       One check by a fresh Checker (nothing cached). Prints
//       "result=R elapsed_ms=T comment=C".
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "spf/check.hpp"

using namespace mp;

namespace {

std::shared_ptr<dns::Resolver> resolver(const char* server, int query_timeout) {
    dns::Options o;
    o.servers = {server};
    o.query_timeout = std::chrono::seconds(query_timeout);
    auto r = dns::Resolver::create(o);
    if (!r) std::fprintf(stderr, "auth_bench: %s\n", r.error().message.c_str()), std::exit(2);
    return *r;
}

double seconds_since(dns::Clock::time_point t) {
    return std::chrono::duration<double>(dns::Clock::now() - t).count();
}

int rate(char** a) {
    long n = std::atol(a[1]);
    spf::CacheLimits limits{static_cast<size_t>(std::atol(a[2])), 3600};
    spf::Checker checker(resolver(a[0], 2), "rx.bench.test", std::chrono::seconds(5), limits);
    spf::Query q{a[3], "client.bench.test", a[4]};
    spf::Outcome first = checker.mail_from(q);
    if (first.result == spf::Status::TempError) return std::fprintf(stderr, "auth_bench: %s\n", first.comment.c_str()), 1;
    long cached = 0;
    auto start = dns::Clock::now();
    for (long i = 0; i < n; ++i) {
        spf::Outcome o = checker.mail_from(q);
        if (o.result != first.result) return std::fprintf(stderr, "auth_bench: result changed: %s\n", o.comment.c_str()), 1;
        cached += o.cached;
    }
    double s = seconds_since(start);
    std::printf("checks=%ld seconds=%.3f rate=%.0f/s cached=%ld result=%s\n", n, s, double(n) / s, cached,
                spf::result_name(first.result));
    return 0;
}

int once(char** a) {
    spf::Checker checker(resolver(a[0], std::atoi(a[2])), "rx.bench.test", std::chrono::seconds(std::atoi(a[1])));
    auto start = dns::Clock::now();
    spf::Outcome o = checker.mail_from({a[3], "client.bench.test", a[4]});
    std::printf("result=%s elapsed_ms=%.0f comment=%s\n", spf::result_name(o.result), seconds_since(start) * 1000,
                o.comment.c_str());
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    std::string mode = argc > 1 ? argv[1] : "";
    if (mode == "rate" && argc == 7) return rate(argv + 2);
    if (mode == "once" && argc == 7) return once(argv + 2);
    std::fprintf(stderr,
                 "usage: auth_bench rate SERVER N CACHE_SIZE IP SENDER\n"
                 "       auth_bench once SERVER TIMEOUT_S QUERY_TIMEOUT_S IP SENDER\n");
    return 2;
}
