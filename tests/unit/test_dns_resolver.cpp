// test_dns_resolver.cpp: Resolver::start and Lookup (wait, cancel, move,
// drop) against a small DNS responder on a loopback UDP port of this
// process: it answers TXT queries with "text of NAME" (TTL 300), NXDOMAIN for
// names starting "nx", and never answers names starting "silent". The
// deadlines and timeouts with a real nsd are integration.auth_dns; here no
// assertion depends on time (a silent query's wait ends by its deadline,
// whatever that takes).
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <string>
#include <thread>
#include <tuple>
#include <utility>
#include <vector>

#include "dns/resolver.hpp"

using namespace mp::dns;
using namespace std::chrono_literals;

namespace {

// The reply to one query (header, one question), or "" for no reply.
std::string reply_to(const std::string& q) {
    if (q.size() < 12) return "";
    size_t pos = 12;
    std::string name;
    while (pos < q.size() && q[pos] != 0) {
        size_t len = uint8_t(q[pos]);
        name += (name.empty() ? "" : ".") + q.substr(pos + 1, len);
        pos += len + 1;
    }
    if (pos + 5 > q.size() || name.starts_with("silent")) return "";
    std::string r = q.substr(0, 2) + "\x85\x80" + std::string("\x00\x01\x00\x00\x00\x00\x00\x00", 8);
    r += q.substr(12, pos + 5 - 12);  // the question as asked
    if (name.starts_with("nx")) return r[3] = char(0x83), r;
    std::string text = "text of " + name;
    r[7] = 1;  // one answer
    r += std::string("\xc0\x0c\x00\x10\x00\x01\x00\x00\x01\x2c", 10);  // TXT IN TTL 300
    r += char(0), r += char(text.size() + 1), r += char(text.size()), r += text;
    return r;
}

// A UDP socket on a free port of 127.0.0.1: the descriptor and the port.
std::pair<int, int> loopback_udp() {
    sockaddr_in a{.sin_family = AF_INET, .sin_port = 0, .sin_addr = {htonl(INADDR_LOOPBACK)}, .sin_zero = {}};
    auto* sa = reinterpret_cast<sockaddr*>(&a);
    socklen_t len = sizeof a;
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    bool bound = fd >= 0 && bind(fd, sa, len) == 0 && getsockname(fd, sa, &len) == 0;
    REQUIRE(bound);
    return {fd, ntohs(a.sin_port)};
}

struct Responder {
    int fd = -1, port = 0;
    int stop[2] = {-1, -1};
    std::atomic<int> queries{0};
    std::thread thread;

    Responder() {
        std::tie(fd, port) = loopback_udp();
        REQUIRE(pipe(stop) == 0);
        thread = std::thread([this] { serve(); });
    }
    ~Responder() {
        if (write(stop[1], "q", 1) == 1) thread.join();
        for (int f : {fd, stop[0], stop[1]}) close(f);
    }
    void serve() {
        for (;;) {
            pollfd p[2] = {{fd, POLLIN, 0}, {stop[0], POLLIN, 0}};
            if (poll(p, 2, -1) < 0 || p[1].revents) return;
            char buf[512];
            sockaddr_in from{};
            socklen_t len = sizeof from;
            ssize_t n = recvfrom(fd, buf, sizeof buf, 0, reinterpret_cast<sockaddr*>(&from), &len);
            if (n <= 0) continue;
            ++queries;
            std::string r = reply_to(std::string(buf, size_t(n)));
            if (!r.empty()) sendto(fd, r.data(), r.size(), 0, reinterpret_cast<sockaddr*>(&from), len);
        }
    }
    std::shared_ptr<Resolver> resolver(int cache_size = 100) const {
        Options o;
        o.servers = {"127.0.0.1@" + std::to_string(port)};
        o.cache_size = uint32_t(cache_size);
        o.query_timeout = 5s;
        auto r = Resolver::create(o);
        REQUIRE(r);
        return *r;
    }
};

std::string text_of(const Answer& a) {
    if (a.status != Status::Ok || a.rdata.size() != 1) return std::string("<") + status_name(a.status) + " " + a.error + ">";
    auto t = txt_text(a.rdata[0]);
    return t ? *t : "<" + t.error().message + ">";
}

Deadline in(std::chrono::milliseconds ms) { return Clock::now() + ms; }

}  // namespace

TEST_CASE("a started lookup is collected later; its answer is cached") {
    Responder dns;
    auto res = dns.resolver();
    Lookup l = res->start("k1._domainkey.example.test", Type::TXT, in(10s));
    CHECK(l.started());
    Answer a = l.wait(in(10s));
    CHECK(text_of(a) == "text of k1._domainkey.example.test");
    CHECK_FALSE(a.cached);
    CHECK_FALSE(l.started());  // once
    CHECK(l.wait(in(10s)).status == Status::TempError);
    Lookup again = res->start("K1._domainkey.example.test", Type::TXT, in(10s));
    Answer b = again.wait(in(10s));
    CHECK(b.cached);
    CHECK(text_of(b) == "text of k1._domainkey.example.test");
    CHECK(res->query("nx.example.test", Type::TXT, in(10s)).status == Status::NxDomain);
}

TEST_CASE("a lookup without an answer ends with temperror by its deadline") {
    Responder dns;
    auto res = dns.resolver();
    struct Case {
        std::string what;
        std::chrono::milliseconds at_start, at_wait;  // from the start
    };
    for (const Case& c : {Case{"the wait's deadline", 60s, 50ms}, Case{"the start's deadline", 50ms, 60s}}) {
        CAPTURE(c.what);
        Lookup l = res->start("silent.example.test", Type::TXT, in(c.at_start));
        Answer a = l.wait(in(c.at_wait));
        CHECK(a.status == Status::TempError);
        // (a start 50 ms late on a loaded machine finds its deadline passed already)
        CHECK((a.error == "no answer within the deadline" || a.error == "deadline passed before the query"));
    }
    CHECK(res->start("silent.example.test", Type::TXT, Clock::now() - 1s).wait(in(10s)).error ==
          "deadline passed before the query");
}

TEST_CASE("cancel, drop and move: the lookups abandoned, the resolver still answers") {
    Responder dns;
    auto res = dns.resolver(0);  // no cache: every query reaches the responder
    {
        Lookup dropped = res->start("silent1.example.test", Type::TXT, in(60s));
        Lookup answered_unread = res->start("unread.example.test", Type::TXT, in(60s));
    }
    Lookup l = res->start("silent2.example.test", Type::TXT, in(60s));
    l.cancel();
    CHECK_FALSE(l.started());
    CHECK(l.wait(in(10s)).error == "resolver: no query started");
    Lookup a = res->start("moved.example.test", Type::TXT, in(60s));
    Lookup b;
    b = std::move(a);
    CHECK_FALSE(a.started());
    Lookup c(std::move(b));
    CHECK(text_of(c.wait(in(10s))) == "text of moved.example.test");
    c = res->start("silent3.example.test", Type::TXT, in(60s));
    c = res->start("after.example.test", Type::TXT, in(60s));  // the silent one abandoned
    CHECK(text_of(c.wait(in(10s))) == "text of after.example.test");
}

TEST_CASE("threads start and collect lookups at once") {
    Responder dns;
    auto res = dns.resolver(0);
    std::atomic<int> right{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&, t] {
            std::vector<Lookup> ls;
            for (int i = 0; i < 10; ++i)
                ls.push_back(res->start("t" + std::to_string(t) + "q" + std::to_string(i) + ".test", Type::TXT, in(30s)));
            ls.push_back(res->start("silent.t" + std::to_string(t) + ".test", Type::TXT, in(30s)));
            for (int i = 0; i < 10; ++i)
                right += text_of(ls[size_t(i)].wait(in(30s))) == "text of t" + std::to_string(t) + "q" + std::to_string(i) + ".test";
        });
    for (auto& th : threads) th.join();
    CHECK(right == 40);
    CHECK(dns.queries >= 44);
}
