// test_dns_resolver.cpp: Resolver::start and Lookup (wait, cancel, move,
// drop) against the small DNS responder of dns_responder.hpp on a loopback
// port of this process: TXT "text of NAME" (TTL 300), NXDOMAIN for names
// starting "nx", no answer for names starting "silent". The
// deadlines and timeouts with a real nsd are integration.auth_dns; here no
// assertion depends on time (a silent query's wait ends by its deadline,
// whatever that takes).
#include <doctest/doctest.h>

#include <atomic>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "dns/resolver.hpp"
#include "dns_responder.hpp"

using namespace mp::dns;
using namespace std::chrono_literals;
using dnstest::Responder;

namespace {

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
