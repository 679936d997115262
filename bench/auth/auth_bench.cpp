// auth_bench.cpp: SPF checks in process, for bench/auth/run.sh.
//   auth_bench rate SERVER N CACHE_SIZE IP SENDER
//       N checks of one (IP, SENDER) by one Checker after one warm-up check
//       (DNS cache warm; CACHE_SIZE 0 turns the result cache off, so each
//       check is a full libspf2 evaluation over the warm DNS cache). Prints
//       "checks=N seconds=S rate=R/s cached=K" (K: answers from the result cache).
//   auth_bench once SERVER TIMEOUT_S QUERY_TIMEOUT_S IP SENDER
//       One check by a fresh Checker (nothing cached). Prints
//       "result=R elapsed_ms=T comment=C".
//   auth_bench dns SERVER N NAME
//       N TXT queries for NAME, one after the other, through dns::Resolver
//       with nothing cached (every query goes to SERVER), then N bare UDP
//       round trips of the same question to the same server (one socket,
//       send, blocking recv: the floor any resolver pays). Prints both rates
//       and latency percentiles.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

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

void report(const char* what, std::vector<double>& us) {
    double total = 0;
    for (double u : us) total += u;
    std::sort(us.begin(), us.end());
    auto pct = [&](double p) { return us[std::min(us.size() - 1, size_t(p * double(us.size())))]; };
    std::printf("%s queries=%zu rate=%.0f/s p50_us=%.1f p90_us=%.1f p99_us=%.1f\n", what, us.size(),
                double(us.size()) / (total / 1e6), pct(0.5), pct(0.9), pct(0.99));
}

// The question for NAME/TXT in wire format, id 0x4d50, recursion desired.
std::string question(const std::string& name) {
    std::string q("\x4d\x50\x01\x00\x00\x01\x00\x00\x00\x00\x00\x00", 12);
    size_t at = 0;
    while (at < name.size()) {
        size_t dot = std::min(name.find('.', at), name.size());
        q += char(dot - at);
        q.append(name, at, dot - at);
        at = dot + 1;
    }
    q.append("\x00\x00\x10\x00\x01", 5);
    return q;
}

int udp_floor(const char* server, long n, const std::string& name, std::vector<double>& us) {
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_port = htons(53);
    if (fd < 0 || inet_pton(AF_INET, server, &sa.sin_addr) != 1 || connect(fd, (sockaddr*)&sa, sizeof sa) != 0)
        return std::fprintf(stderr, "auth_bench: cannot reach %s:53\n", server), 1;
    timeval limit{.tv_sec = 5, .tv_usec = 0};  // a lost datagram ends the run, not hangs it
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
    std::string q = question(name);
    char buf[4096];
    for (long i = 0; i < n; ++i) {
        auto t = dns::Clock::now();
        if (send(fd, q.data(), q.size(), 0) != ssize_t(q.size()) || recv(fd, buf, sizeof buf, 0) < 12)
            return close(fd), std::fprintf(stderr, "auth_bench: udp round trip failed\n"), 1;
        us.push_back(seconds_since(t) * 1e6);
    }
    close(fd);
    return 0;
}

int dns_latency(char** a) {
    long n = std::atol(a[1]);
    dns::Options o;
    o.servers = {a[0]};
    o.cache_size = 0, o.max_ttl = o.negative_ttl = std::chrono::seconds(0);
    auto r = dns::Resolver::create(o);
    if (!r) return std::fprintf(stderr, "auth_bench: %s\n", r.error().message.c_str()), 2;
    std::vector<double> us;
    for (long i = 0; i <= n; ++i) {
        auto t = dns::Clock::now();
        dns::Answer ans = (*r)->query(a[2], dns::Type::TXT, t + std::chrono::seconds(5));
        if (ans.status != dns::Status::Ok) return std::fprintf(stderr, "auth_bench: %s: %s\n", a[2], ans.error.c_str()), 1;
        if (i > 0) us.push_back(seconds_since(t) * 1e6);  // the first warms up (page faults, nsd's first answer)
    }
    report("resolver", us);
    us.clear();
    if (int e = udp_floor(a[0], n, a[2], us)) return e;
    report("udp", us);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    std::string mode = argc > 1 ? argv[1] : "";
    if (mode == "rate" && argc == 7) return rate(argv + 2);
    if (mode == "once" && argc == 7) return once(argv + 2);
    if (mode == "dns" && argc == 5) return dns_latency(argv + 2);
    std::fprintf(stderr,
                 "usage: auth_bench rate SERVER N CACHE_SIZE IP SENDER\n"
                 "       auth_bench once SERVER TIMEOUT_S QUERY_TIMEOUT_S IP SENDER\n"
                 "       auth_bench dns SERVER N NAME\n");
    return 2;
}
