// test_callahead_mailertable.cpp: next hops from a mailertable text file:
// sendmail's lookup order, the mailers that give a next hop, and load errors.
#include <doctest/doctest.h>

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <optional>
#include <string>

#include "callahead/mailertable.hpp"

using namespace mp::callahead;

namespace {

struct TempFile {
    std::string path;
    explicit TempFile(const std::string& text) {
        char p[] = "/tmp/mp-mailertable-XXXXXX";
        int fd = mkstemp(p);
        REQUIRE(fd >= 0);
        close(fd);
        path = p;
        std::ofstream(path) << text;
    }
    ~TempFile() { std::remove(path.c_str()); }
};

}  // namespace

TEST_CASE("routes in sendmail's lookup order") {
    TempFile f("# internal servers\n"
               "example.com\tsmtp:[10.0.0.5]\n"
               ".example.com  esmtp:[10.0.0.6]\n"
               "Example.NET relay:[IPv6:2001:db8::25]\n"
               "example.org error:5.1.2:550 no such domain\n"
               ".org smtp:[10.0.0.9]\n"
               "local.example local:\n");
    auto mt = Mailertable::load(f.path, 2526);
    REQUIRE(mt);
    struct Case {
        std::string domain;
        std::optional<std::string> hop;
    };
    const Case cases[] = {
        {"example.com", "inet:2526@10.0.0.5"},
        {"EXAMPLE.com", "inet:2526@10.0.0.5"},
        {"sub.example.com", "inet:2526@10.0.0.6"},
        {"a.b.example.com", "inet:2526@10.0.0.6"},
        {"example.net", "inet6:2526@2001:db8::25"},
        {"sub.example.net", std::nullopt},
        {"example.org", std::nullopt},     // error: mailer, exact entry wins over .org
        {"other.org", "inet:2526@10.0.0.9"},
        {"local.example", std::nullopt},
        {"elsewhere.test", std::nullopt},
    };
    for (const auto& c : cases) {
        CAPTURE(c.domain);
        CHECK((*mt)->route(c.domain) == c.hop);
    }
    CHECK((*mt)->hosts().size() == 4);
}

TEST_CASE("load errors name file:line:column") {
    struct Case {
        std::string text;
        std::string error;  // after the path
    };
    const Case cases[] = {
        {"example.com smtp:mx.example.com\n", ":1:13: host must be a bracketed numeric address"},
        {"\nexample.com  smtp:[mx.example.com]\n", ":2:14: not a numeric address: [mx.example.com]"},
        {"example.com\n", ":1:1: expected key and value"},
        {"example.com smtp\n", ":1:13: expected mailer:host"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.text);
        TempFile f(c.text);
        auto mt = Mailertable::load(f.path, 25);
        REQUIRE_FALSE(mt);
        CHECK(mt.error().message.find(f.path + c.error) == 0);
    }
    CHECK_FALSE(Mailertable::load("/nonexistent/mailertable", 25));
}
