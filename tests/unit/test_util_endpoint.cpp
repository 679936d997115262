// test_util_endpoint.cpp: sendmail's socket notation under the rules of its
// two users (scanner clients: numeric host required; the milter's listening
// socket: names, no host, bare paths), errors included, and the sockaddr
// Endpoint builds from it.
#include <doctest/doctest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/un.h>

#include <cstddef>
#include <string>

#include "util/endpoint.hpp"

using namespace mp::util;
using F = SocketSpec::Family;

namespace {

const SocketRules client{};  // numeric host required
const SocketRules listener{.numeric_host = false, .host_optional = true, .bare_path = true};
const std::string long_path = "unix:/" + std::string(120, 'x');  // sun_path holds 108 bytes

}  // namespace

TEST_CASE("valid socket specs") {
    struct Case { std::string in; const SocketRules* rules; F family; std::string path; int port; std::string host; };
    const Case cases[] = {
        {"unix:/run/clamd.sock", &client, F::Unix, "/run/clamd.sock", 0, ""},
        {"local:/x", &client, F::Unix, "/x", 0, ""},
        {"inet:3310@127.0.0.1", &client, F::Inet, "", 3310, "127.0.0.1"},
        {"inet:1@10.0.0.1", &client, F::Inet, "", 1, "10.0.0.1"},
        {"inet:65535@10.0.0.1", &client, F::Inet, "", 65535, "10.0.0.1"},
        {"inet6:3310@::1", &client, F::Inet6, "", 3310, "::1"},
        {"inet:8891@localhost", &listener, F::Inet, "", 8891, "localhost"},
        {"inet:8891", &listener, F::Inet, "", 8891, ""},
        {"inet6:8891", &listener, F::Inet6, "", 8891, ""},
        {"/run/milterpack/milter.sock", &listener, F::Unix, "/run/milterpack/milter.sock", 0, ""},
        {"unix:/" + std::string(106, 'x'), &client, F::Unix, "/" + std::string(106, 'x'), 0, ""},
    };
    for (const auto& c : cases) {
        CAPTURE(c.in);
        auto s = parse_socket(c.in, *c.rules);
        REQUIRE_MESSAGE(s, s.error().message);
        CHECK(s->family == c.family);
        CHECK(s->path == c.path);
        CHECK(s->port == c.port);
        CHECK(s->host == c.host);
    }
}

TEST_CASE("invalid socket specs: the message says what is wrong") {
    struct Case { std::string in; const SocketRules* rules; std::string message; };
    const Case cases[] = {
        {"inet:0@127.0.0.1", &client, "bad port in inet:0@127.0.0.1 (expected 1 to 65535)"},
        {"inet:99999@127.0.0.1", &client, "bad port in inet:99999@127.0.0.1 (expected 1 to 65535)"},
        {"inet:65536@127.0.0.1", &client, "bad port in inet:65536@127.0.0.1 (expected 1 to 65535)"},
        {"inet:99999", &listener, "bad port in inet:99999 (expected 1 to 65535)"},
        {"inet:x@127.0.0.1", &client, "bad port in inet:x@127.0.0.1 (expected 1 to 65535)"},
        {"inet:-1@127.0.0.1", &client, "bad port in inet:-1@127.0.0.1 (expected 1 to 65535)"},
        {"inet:@127.0.0.1", &client, "bad port in inet:@127.0.0.1 (expected 1 to 65535)"},
        {"inet:3310", &client, "expected PORT@ADDRESS: inet:3310"},
        {"inet:3310@", &client, "expected PORT@ADDRESS: inet:3310@"},
        {"inet:3310@", &listener, "expected PORT@ADDRESS: inet:3310@"},
        {"inet:3310@clamd.example", &client,
         "address must be a numeric IPv4 address (no name lookups): inet:3310@clamd.example"},
        {"inet:3310@::1", &client, "address must be a numeric IPv4 address (no name lookups): inet:3310@::1"},
        {"inet6:3310@127.0.0.1", &client,
         "address must be a numeric IPv6 address (no name lookups): inet6:3310@127.0.0.1"},
        {"unix:rel", &client, "unix socket path must be absolute: unix:rel"},
        {"unix:", &client, "unix socket path must be absolute: unix:"},
        {long_path, &client, "unix socket path too long: " + long_path},
        {"unix:/" + std::string(107, 'x'), &client, "unix socket path too long: unix:/" + std::string(107, 'x')},
        {"/run/clamd.sock", &client, "expected unix:/path or inet:PORT@ADDRESS, got \"/run/clamd.sock\""},
        {"tcp:3310", &client, "unknown socket type \"tcp\" (unix, local, inet, inet6)"},
        {"", &listener, "expected unix:/path or inet:PORT@ADDRESS, got \"\""},
    };
    for (const auto& c : cases) {
        CAPTURE(c.in);
        auto s = parse_socket(c.in, *c.rules);
        REQUIRE_FALSE(s);
        CHECK(s.error().message == c.message);
    }
}

TEST_CASE("Endpoint: the sockaddr for connect(2)") {
    auto in = Endpoint::parse("inet:3310@127.0.0.1");
    REQUIRE(in);
    const auto* sin = reinterpret_cast<const sockaddr_in*>(&in->addr);
    CHECK(sin->sin_family == AF_INET);
    CHECK(ntohs(sin->sin_port) == 3310);
    CHECK(ntohl(sin->sin_addr.s_addr) == 0x7f000001u);
    CHECK(in->len == sizeof(sockaddr_in));
    CHECK(in->text == "inet:3310@127.0.0.1");

    auto in6 = Endpoint::parse("inet6:10024@::1");
    REQUIRE(in6);
    const auto* sin6 = reinterpret_cast<const sockaddr_in6*>(&in6->addr);
    CHECK(sin6->sin6_family == AF_INET6);
    CHECK(ntohs(sin6->sin6_port) == 10024);
    CHECK(IN6_IS_ADDR_LOOPBACK(&sin6->sin6_addr));
    CHECK(in6->len == sizeof(sockaddr_in6));

    auto un = Endpoint::parse("local:/run/clamd.ctl");
    REQUIRE(un);
    const auto* sun = reinterpret_cast<const sockaddr_un*>(&un->addr);
    CHECK(sun->sun_family == AF_UNIX);
    CHECK(std::string(sun->sun_path) == "/run/clamd.ctl");
    CHECK(un->len == offsetof(sockaddr_un, sun_path) + 15);

    CHECK_FALSE(Endpoint::parse("inet:3310@localhost"));  // a client never resolves names
    CHECK_FALSE(Endpoint::parse("inet:99999@127.0.0.1"));
}
