// test_scan_clamd_reply.cpp: clamd's INSTREAM replies, one table. Only the
// exact "stream: OK\0" is Clean; every error, truncation or unknown text is
// Failed and never Clean.
#include <doctest/doctest.h>

#include <string>

#include "scan/clamd_reply.hpp"

using namespace mp::scan;
using namespace std::string_literals;

namespace {

enum class K { Clean, Infected, Failed };

struct Row {
    std::string raw;
    K kind;
    std::string detail;  // virus name, or a substring of the failure reason
};

}  // namespace

TEST_CASE("clamd INSTREAM reply table") {
    const Row rows[] = {
        {"stream: OK\0"s, K::Clean, ""},
        {"stream: Eicar-Test-Signature FOUND\0"s, K::Infected, "Eicar-Test-Signature"},
        {"stream: Local.Test.EICAR.NDB.UNOFFICIAL FOUND\0"s, K::Infected, "Local.Test.EICAR.NDB.UNOFFICIAL"},
        {"stream: Heuristics.Phishing.Email.SpoofedDomain FOUND\0"s, K::Infected,
         "Heuristics.Phishing.Email.SpoofedDomain"},
        {"INSTREAM size limit exceeded. ERROR\0"s, K::Failed, "INSTREAM size limit exceeded. ERROR"},
        {"stream: Can't allocate memory ERROR\0"s, K::Failed, "Can't allocate memory ERROR"},
        {"UNKNOWN COMMAND\0"s, K::Failed, "unknown reply"},
        {"stream: OK"s, K::Failed, "no NUL"},                 // truncated: clamd closed mid-reply
        {"stream: OK\n"s, K::Failed, "no NUL"},               // n-mode terminator on a z-mode request
        {"stream: OK\0stream: OK\0"s, K::Failed, "after the NUL"},
        {"stream: ok\0"s, K::Failed, "unknown reply"},
        {"stream:OK\0"s, K::Failed, "unknown reply"},
        {"stream: OK \0"s, K::Failed, "unknown reply"},
        {"stream:  FOUND\0"s, K::Failed, "unknown reply"},
        {"stream: FOUND\0"s, K::Failed, "unknown reply"},
        {"stream: Two Words FOUND\0"s, K::Failed, "bad virus name"},
        {"stream: X\tY FOUND\0"s, K::Failed, "control characters"},
        {"\0"s, K::Failed, "unknown reply"},
        {""s, K::Failed, "without a reply"},
        {"PONG\0"s, K::Failed, "unknown reply"},
        {"\xff\xfe garbage\0"s, K::Failed, "control characters"},
        {std::string(2000, 'A') + "\0"s, K::Failed, "too long"},
        {"stream: OKAY\0"s, K::Failed, "unknown reply"},
        {"ERROR\0"s, K::Failed, "unknown reply"},  // no text before ERROR: not clamd's form
    };
    for (const auto& r : rows) {
        CAPTURE(r.raw);
        Outcome o = parse_clamd_reply(r.raw);
        switch (r.kind) {
            case K::Clean: CHECK(std::holds_alternative<Clean>(o)); break;
            case K::Infected:
                REQUIRE(std::holds_alternative<Infected>(o));
                CHECK(std::get<Infected>(o).name == r.detail);
                break;
            case K::Failed:
                REQUIRE(std::holds_alternative<Failed>(o));
                CHECK(std::get<Failed>(o).reason.find(r.detail) != std::string::npos);
                break;
        }
    }
}
