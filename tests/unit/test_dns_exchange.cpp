// test_dns_exchange.cpp: one question to one or two servers (dns_responder.hpp
// on loopback ports): the answer, TCP after a truncated reply, a reply with
// another id ignored, the next server after SERVFAIL, silence or a closed
// port, and the error when every server fails. No assertion depends on time:
// each wait has 20 s, 40x the one retransmission interval a case may need.
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <memory>
#include <string>
#include <vector>

#include "dns/exchange.hpp"
#include "dns_responder.hpp"

using namespace mp::dns;
using dnstest::Mode;
using dnstest::Responder;

namespace {

// A loopback UDP port nobody listens on: a datagram there gets ICMP port unreachable.
std::string closed_port() {
    sockaddr_in a{.sin_family = AF_INET, .sin_port = 0, .sin_addr = {htonl(INADDR_LOOPBACK)}, .sin_zero = {}};
    socklen_t len = sizeof a;
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    REQUIRE((fd >= 0 && bind(fd, reinterpret_cast<sockaddr*>(&a), len) == 0 &&
             getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0));
    close(fd);
    return "127.0.0.1@" + std::to_string(ntohs(a.sin_port));
}

enum class First { None, Normal, Silent, ServFail, Closed };

struct Case {
    const char* what;
    First first;       // the server asked first, before the normal one (None: the normal one alone)
    const char* name;
    const char* want;  // the TXT text, or "<STATUS error>"
    int first_queries;  // how many questions the first server got (-1: not counted)
};

std::string outcome(const Answer& a) {
    if (a.status != Status::Ok || a.rdata.size() != 1) return std::string("<") + status_name(a.status) + " " + a.error + ">";
    auto t = txt_text(a.rdata[0]);
    return t ? *t : "<" + t.error().message + ">";
}

}  // namespace

TEST_CASE("an exchange asks the servers in turn and ends with one answer") {
    const Case cases[] = {
        {"the answer", First::None, "a.example.test", "text of a.example.test", -1},
        {"NXDOMAIN", First::None, "nx.example.test", "<nxdomain >", -1},
        {"TC: again over TCP", First::None, "tc.example.test", "tcp text of tc.example.test", -1},
        {"a reply with another id is ignored", First::None, "spoof.example.test", "text of spoof.example.test", -1},
        {"SERVFAIL from the only server", First::None, "servfail.example.test",
         "<temperror server answered rcode 2 (SERVFAIL)>", -1},
        {"SERVFAIL: the next server at once", First::ServFail, "b.example.test", "text of b.example.test", 1},
        {"silence: the next server after 500 ms", First::Silent, "c.example.test", "text of c.example.test", 1},
        {"a closed port: the next server", First::Closed, "d.example.test", "text of d.example.test", -1},
        {"the first of two servers answers", First::Normal, "e.example.test", "text of e.example.test", 1},
    };
    for (const Case& c : cases) {
        std::string what = c.what;
        CAPTURE(what);
        Responder normal;
        std::unique_ptr<Responder> first;
        std::vector<std::string> names;
        if (c.first == First::Closed) names.push_back(closed_port());
        if (c.first == First::Normal) first = std::make_unique<Responder>(Mode::Normal);
        if (c.first == First::Silent) first = std::make_unique<Responder>(Mode::Silent);
        if (c.first == First::ServFail) first = std::make_unique<Responder>(Mode::ServFail);
        if (first) names.push_back(first->server());
        if (c.first != First::Normal) names.push_back(normal.server());
        std::vector<Server> servers;
        for (const auto& n : names) servers.push_back(*parse_server(n));
        Exchange ex(servers, c.name, Type::TXT);
        REQUIRE(ex.start());
        CHECK(outcome(ex.wait(Clock::now() + std::chrono::seconds(20))) == c.want);
        if (c.first_queries >= 0) CHECK(first->queries == c.first_queries);
    }
}

TEST_CASE("every server failing: the last error, by the deadline") {
    Responder a(Mode::ServFail), b(Mode::ServFail);
    std::vector<Server> servers{*parse_server(a.server()), *parse_server(b.server())};
    Exchange ex(servers, "x.example.test", Type::TXT);
    REQUIRE(ex.start());
    CHECK(outcome(ex.wait(Clock::now() + std::chrono::seconds(20))) == "<temperror server answered rcode 2 (SERVFAIL)>");
    CHECK(a.queries == 1);
    CHECK(b.queries == 1);

    Responder quiet(Mode::Silent);
    std::vector<Server> one{*parse_server(quiet.server())};
    Exchange silent(one, "y.example.test", Type::TXT);
    REQUIRE(silent.start());
    CHECK(outcome(silent.wait(Clock::now() + std::chrono::milliseconds(50))) == "<temperror no answer within the deadline>");
}

TEST_CASE("server addresses") {
    struct Row {
        const char* text;
        bool ok;
    };
    for (const Row& r : {Row{"127.0.0.1", true}, Row{"::1", true}, Row{"127.0.0.1@5353", true}, Row{"[::1]", false},
                         Row{"ns.example.test", false}, Row{"127.0.0.1@0", false}, Row{"127.0.0.1@70000", false}}) {
        CAPTURE(r.text);
        CHECK(bool(parse_server(r.text)) == r.ok);
    }
    const std::vector<Server> no_servers;
    Exchange none(no_servers, "a.example.test", Type::TXT);
    CHECK_FALSE(none.start());
}
