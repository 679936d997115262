// test_pmilter_listen.cpp: reading the socket spec and /proc/net/tcp to know
// when libpmilter listens (main.cpp drops root only then).
#include <doctest/doctest.h>

#include "pmilter/listen.hpp"

using namespace mp::pmilter;

TEST_CASE("inet socket spec -> port") {
    CHECK(inet_port("inet:3333@127.0.0.1") == 3333);
    CHECK(inet_port("inet:25") == 25);
    CHECK(inet_port("inet:0@127.0.0.1") == 0);
    CHECK(inet_port("inet:70000@127.0.0.1") == 0);
    CHECK(inet_port("inet:x@127.0.0.1") == 0);
    CHECK(inet_port("unix:/run/x.sock") == 0);
    CHECK(inet_port("/run/x.sock") == 0);
}

TEST_CASE("LISTEN entries of /proc/net/tcp") {
    const std::string table =
        "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
        "   0: 0100007F:0D05 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1\n"
        "   1: 0100007F:0019 0100007F:C350 01 00000000:00000000 00:00000000 00000000     0        0 2 1\n";
    CHECK(tcp_listening(table, 3333));
    CHECK_FALSE(tcp_listening(table, 25));  // established, not listening
    CHECK_FALSE(tcp_listening(table, 80));
    CHECK_FALSE(tcp_listening("", 3333));
    CHECK_FALSE(tcp_listening(table, 0));
}

TEST_CASE("a unix socket path that never appears is an error naming it") {
    auto r = wait_listening("unix:/nonexistent/milterpack-test.sock", std::chrono::milliseconds(0));
    REQUIRE_FALSE(r);
    CHECK(r.error().message.find("/nonexistent/milterpack-test.sock") != std::string::npos);
}
