// test_scan_clamd_reply.cpp: clamd's INSTREAM and FILDES replies, one table
// each. Only the exact "stream: OK\0" (INSTREAM) or "fd[N]: OK\0" (FILDES) is
// Clean; every error, truncation, unknown text or the other command's
// subject is Failed and never Clean.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "scan/clamd_reply.hpp"

using namespace mp::scan;
using namespace std::string_literals;

namespace {

enum class K { Clean, Infected, Failed };

struct ClamdRow {
    std::string raw;
    K kind;
    std::string detail;  // virus name, or a substring of the failure reason
};

void check_rows(const std::vector<ClamdRow>& rows, ReplyTo command) {
    for (const auto& r : rows) {
        CAPTURE(r.raw);
        Outcome o = parse_clamd_reply(r.raw, command);
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

}  // namespace

TEST_CASE("clamd INSTREAM reply table") {
    const std::vector<ClamdRow> rows = {
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
    check_rows(rows, ReplyTo::Instream);
}

TEST_CASE("clamd FILDES reply table") {
    const std::vector<ClamdRow> rows = {
        {"fd[11]: OK\0"s, K::Clean, ""},
        {"fd[7]: Local.Test.EICAR.NDB.UNOFFICIAL FOUND\0"s, K::Infected, "Local.Test.EICAR.NDB.UNOFFICIAL"},
        {"No file descriptor received. ERROR\0"s, K::Failed, "No file descriptor received. ERROR"},
        {"fd[11]: lstat() failed: Bad file descriptor. ERROR\0"s, K::Failed, "error reply"},
        {"stream: OK\0"s, K::Failed, "unknown reply"},  // INSTREAM's subject after FILDES
        {"fd[]: OK\0"s, K::Failed, "unknown reply"},
        {"fd[1a]: OK\0"s, K::Failed, "unknown reply"},
        {"fd[11] OK\0"s, K::Failed, "unknown reply"},
        {"fd[11]: OK"s, K::Failed, "no NUL"},
        {"fd[11]: Two Words FOUND\0"s, K::Failed, "bad virus name"},
        {"fd[11]: FOUND\0"s, K::Failed, "unknown reply"},
    };
    check_rows(rows, ReplyTo::Fildes);
    // and FILDES's subject after INSTREAM
    CHECK(std::holds_alternative<Failed>(parse_clamd_reply("fd[11]: OK\0"s, ReplyTo::Instream)));
}

TEST_CASE("a failed read is Failed with the reason and the timeout") {
    using namespace std::chrono_literals;
    Outcome o = clamd_verdict(mp::fail("timeout while waiting for the reply"), 1500ms, ReplyTo::Fildes);
    REQUIRE(std::holds_alternative<Failed>(o));
    CHECK(std::get<Failed>(o).reason == "no verdict: timeout while waiting for the reply (timeout 1500 ms)");
    CHECK(std::holds_alternative<Clean>(clamd_verdict(std::string("fd[3]: OK\0"s), 1500ms, ReplyTo::Fildes)));
}
