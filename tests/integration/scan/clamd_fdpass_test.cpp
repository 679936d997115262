// clamd_fdpass_test.cpp: the clamd FILDES client (transfer = fdpass) against
// a real clamd (tests/tools/peers.sh, one-line EICAR .ndb): verdicts and the
// decisions they give, a signature across the buffer boundary, a stopped
// clamd, a SIGSTOPped one within the deadline, no file left in
// spool_dir. Its 25 MB memory case is in memory_test.cpp.
#include <doctest/doctest.h>

#include <signal.h>
#include <sys/stat.h>

#include <string>

#include "peers.hpp"

using namespace mp::scan;
using namespace mp::verdict;
using namespace scantest;
using namespace std::chrono_literals;

namespace {

PeerDir& fdpass_peers() { return suite_peers(Peers::Clamd); }

// A spool_dir of its own (mode 0700) under the peers' directory.
std::string spool() {
    std::string d = fdpass_peers().dir() + "/fdspool";
    ::mkdir(d.c_str(), 0700);
    return d;
}

Options fdpass_options(const std::string& socket) {
    Options o;
    o.label = "clamfd";
    o.type = Kind::Clamd;
    o.transfer = Transfer::Fdpass;
    o.socket = socket;
    o.spool_dir = spool();
    o.timeout = 30s;  // a working clamd: generous, only a failing run waits it out
    return o;
}

}  // namespace

TEST_SUITE("fdpass") {

TEST_CASE("clean message continues, EICAR inline and attached is rejected with its name") {
    Options o = fdpass_options(fdpass_peers().clamd_socket());
    Outcome clean = scan(o, clean_message());
    CHECK_MESSAGE(std::holds_alternative<Clean>(clean), failure(clean));
    CHECK(decide(o, clean, false).action == Action::Continue);
    for (const auto& m : {inline_eicar(), attached_eicar()}) {
        Outcome out = scan(o, m);
        REQUIRE_MESSAGE(std::holds_alternative<Infected>(out), failure(out));
        CHECK(std::get<Infected>(out).name == "Local.Test.EICAR.NDB.UNOFFICIAL");
        Verdict d = decide(o, out, false);
        CHECK(d.action == Action::Reject);
        CHECK(d.reply.text == "Virus found: Local.Test.EICAR.NDB.UNOFFICIAL");
    }
    CHECK(fs::is_empty(o.spool_dir));
}

TEST_CASE("EICAR in tiny pieces across the buffer boundary") {
    Options o = fdpass_options(fdpass_peers().clamd_socket());
    o.chunk_size = 1024;
    Message m = inline_eicar();
    m.body = std::string(1000, 'x') + "\r\n" + m.body;
    Outcome out = scan(o, m, 7);
    REQUIRE_MESSAGE(std::holds_alternative<Infected>(out), failure(out));
}

TEST_CASE("a SIGSTOPped clamd gives Failed within the deadline") {
    pid_t pid = fdpass_peers().clamd_pid();
    REQUIRE(pid > 0);
    REQUIRE(::kill(pid, SIGSTOP) == 0);
    Options o = fdpass_options(fdpass_peers().clamd_socket());
    o.timeout = 1s;
    Outcome out = scan(o, inline_eicar());
    ::kill(pid, SIGCONT);
    REQUIRE(std::holds_alternative<Failed>(out));
    CHECK_MESSAGE(failure(out).find("timeout") != std::string::npos, failure(out));
    CHECK(decide(o, out, false).action == Action::Tempfail);
}

TEST_CASE("a stopped clamd is Failed (connect), the default on_fail tempfails") {
    PeerDir own(false, "1M");
    REQUIRE(own.ok());
    Options o = fdpass_options(own.clamd_socket());
    Outcome ok = scan(o, clean_message());
    REQUIRE_MESSAGE(std::holds_alternative<Clean>(ok), failure(ok));
    own.stop_clamd();
    Outcome gone = scan(o, inline_eicar());
    REQUIRE(std::holds_alternative<Failed>(gone));
    CHECK(failure(gone).find("connect") != std::string::npos);
    CHECK(failure(gone).find("clamd unix:") == 0);
    CHECK(decide(o, gone, false).action == Action::Tempfail);
    o.on_fail = OnFail::Reject;
    CHECK(decide(o, gone, false).action == Action::Reject);
}

}  // TEST_SUITE
