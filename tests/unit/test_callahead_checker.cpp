// test_callahead_checker.cpp: which recipients and sessions the call-ahead
// covers, and a next hop that refuses connections (unavailable, not cached).
#include <doctest/doctest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>

#include "callahead/checker.hpp"

using namespace mp::callahead;

namespace {

std::unique_ptr<Checker> make(std::vector<std::string> domains, std::string hop) {
    Options o;
    o.domains = std::move(domains);
    o.next_hop = std::move(hop);
    o.timeout = std::chrono::seconds(10);
    auto c = Checker::create(o);
    REQUIRE(c);
    return std::move(*c);
}

}  // namespace

TEST_CASE("covered recipients: the domain, .domain for subdomains, any case") {
    auto c = make({"Example.com", ".example.net"}, "inet:25@192.0.2.1");
    struct Case {
        std::string rcpt;
        bool covered;
    };
    const Case cases[] = {
        {"u@example.com", true},  {"u@EXAMPLE.COM", true},    {"u@sub.example.com", false},
        {"u@example.net", false}, {"u@a.b.example.net", true}, {"u@notexample.net", false},
        {"postmaster", false},    {"u@example.org", false},
    };
    for (const auto& k : cases) {
        CAPTURE(k.rcpt);
        CHECK(c->covers(k.rcpt) == k.covered);
    }
}

TEST_CASE("no loop: a null sender from the next hop is not called ahead") {
    auto c = make({"example.com"}, "inet:25@192.0.2.1");
    CHECK(c->skip_session("192.0.2.1", ""));
    CHECK_FALSE(c->skip_session("192.0.2.1", "a@b"));
    CHECK_FALSE(c->skip_session("192.0.2.2", ""));
}

TEST_CASE("a recipient outside the domains is skipped; a refused connection is unavailable, never cached") {
    // A port bound but not listening: connections to it are refused while it is held.
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(fd >= 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    REQUIRE(bind(fd, reinterpret_cast<sockaddr*>(&a), len) == 0);
    REQUIRE(getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0);
    auto c = make({"example.com"}, "inet:" + std::to_string(ntohs(a.sin_port)) + "@127.0.0.1");
    CHECK(c->check("u@example.org", 0).kind == Outcome::Kind::Skipped);
    for (int i = 0; i < 2; ++i) {
        auto o = c->check("u@example.com", 0);
        CHECK(o.kind == Outcome::Kind::Unavailable);
        CHECK_FALSE(o.cached);
        CHECK(o.reply.text.find("127.0.0.1") != std::string::npos);
    }
    close(fd);
}
