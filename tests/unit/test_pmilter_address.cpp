// test_pmilter_address.cpp: client addresses (IPv4; IPv6 when the API has
// sin6), host names, MAIL/RCPT addresses with or without angle brackets, and
// ESMTP argument vectors that may be NULL.
#include <doctest/doctest.h>

#include <arpa/inet.h>

#include <cstring>

#include "pmilter/address.hpp"

using namespace mp::pmilter;

namespace {

sm_sockaddr_T v4(const char* text) {
    sm_sockaddr_T a;
    std::memset(&a, 0, sizeof a);
    a.sin.sin_family = AF_INET;
    inet_pton(AF_INET, text, &a.sin.sin_addr);
    a.sin.sin_port = htons(25);
    return a;
}

}  // namespace

TEST_CASE("client address text") {
    struct Row {
        const char* in;
        const char* out;
    };
    for (const Row& r : {Row{"192.0.2.1", "192.0.2.1"}, Row{"10.0.0.255", "10.0.0.255"}, Row{"0.0.0.0", "0.0.0.0"}}) {
        sm_sockaddr_T a = v4(r.in);
        CHECK(client_addr_text(&a) == r.out);
    }
    CHECK(client_addr_text(nullptr) == "");
    sm_sockaddr_T unknown;
    std::memset(&unknown, 0, sizeof unknown);
    unknown.sa.sa_family = AF_UNIX;
    CHECK(client_addr_text(&unknown) == "");
}

#ifdef HAVE_SM_SOCKADDR_SIN6
TEST_CASE("client address text: IPv6 in sendmail's IPv6: form") {
    struct Row {
        const char* in;
        const char* out;
    };
    for (const Row& r : {Row{"2001:db8::1", "IPv6:2001:db8::1"}, Row{"::1", "IPv6:::1"},
                         Row{"::ffff:192.0.2.1", "IPv6:::ffff:192.0.2.1"}}) {
        sm_sockaddr_T a;
        std::memset(&a, 0, sizeof a);
        a.sin6.sin6_family = AF_INET6;
        inet_pton(AF_INET6, r.in, &a.sin6.sin6_addr);
        CHECK(client_addr_text(&a) == r.out);
    }
}
#endif

TEST_CASE("client host name: none for an address literal") {
    CHECK(client_name_text("mx.example.org") == "mx.example.org");
    CHECK(client_name_text("[192.0.2.1]") == "");
    CHECK(client_name_text(nullptr) == "");
    CHECK(client_name_text("") == "");
}

TEST_CASE("envelope addresses with or without angle brackets") {
    struct Row {
        const char* raw;
        const char* bare;
    };
    const Row rows[] = {
        {"<a@example.org>", "a@example.org"}, {"a@example.org", "a@example.org"},
        {" <a@example.org> ", "a@example.org"}, {"<>", ""}, {"", ""},
        {"postmaster", "postmaster"}, {"<postmaster>", "postmaster"},
        {"<a@b", "<a@b"},  // unbalanced: kept, the policy sees what was sent
    };
    for (const auto& r : rows) {
        std::string raw = r.raw;
        CAPTURE(raw);
        CHECK(bare_address(r.raw) == r.bare);
    }
    CHECK(bare_address(nullptr) == "");
}

TEST_CASE("ESMTP argument vectors, NULL included") {
    CHECK(esmtp_args(nullptr).empty());
    char* none[] = {nullptr};
    CHECK(esmtp_args(none).empty());
    char size[] = "SIZE=1000", body[] = "BODY=8BITMIME";
    char* two[] = {size, body, nullptr};
    CHECK(esmtp_args(two) == std::vector<std::string>{"SIZE=1000", "BODY=8BITMIME"});
}
