// clamd_test.cpp: the clamd INSTREAM client against a real clamd (started by
// tests/tools/peers.sh with the one-line EICAR .ndb signature): verdicts,
// clamd's own StreamMaxLength error, a stopped and a SIGSTOPped clamd,
// max_size. The garbage-reply case uses a tiny fake server because a real
// clamd never sends garbage; it is the only fake peer here.
#include <doctest/doctest.h>

#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <cstring>
#include <thread>

#include "peers.hpp"
#include "test_server.hpp"

using namespace mp::scan;
using namespace mp::verdict;
using namespace scantest;
using namespace std::chrono_literals;

namespace {

PeerDir& clamd_peers() { return suite_peers(Peers::Clamd); }

Options clamd_options(const std::string& socket) {
    Options o;
    o.label = "clam";
    o.type = Kind::Clamd;
    o.socket = socket;
    o.timeout = 30s;         // a working clamd: generous, only a failing run waits it out
    o.stream_timeout = 30s;  // (the SIGSTOP case sets its own short ones)
    return o;
}

}  // namespace

TEST_SUITE("clamd") {

TEST_CASE("clean message is Clean") {
    Outcome o = scan(clamd_options(clamd_peers().clamd_socket()), clean_message());
    CHECK_MESSAGE(std::holds_alternative<Clean>(o), failure(o));
}

TEST_CASE("EICAR inline and as a base64 attachment are Infected, with the signature name") {
    for (const auto& m : {inline_eicar(), attached_eicar()}) {
        Outcome o = scan(clamd_options(clamd_peers().clamd_socket()), m);
        REQUIRE_MESSAGE(std::holds_alternative<Infected>(o), failure(o));
        CHECK(std::get<Infected>(o).name == "Local.Test.EICAR.NDB.UNOFFICIAL");
    }
    // one byte changed: no longer the signature
    Message m = inline_eicar();
    m.body[m.body.find("ANTIVIRUS")] = 'a';
    CHECK(std::holds_alternative<Clean>(scan(clamd_options(clamd_peers().clamd_socket()), m)));
}

TEST_CASE("EICAR split across many tiny chunks and past a chunk_size boundary") {
    Options o = clamd_options(clamd_peers().clamd_socket());
    o.chunk_size = 1024;
    Message m = inline_eicar();
    m.body = std::string(1000, 'x') + "\r\n" + m.body;  // the signature straddles the first chunk
    Outcome out = scan(o, m, 7);
    REQUIRE_MESSAGE(std::holds_alternative<Infected>(out), failure(out));
}

TEST_CASE("decision for an infected message uses the reply template") {
    Options o = clamd_options(clamd_peers().clamd_socket());
    Verdict d = decide(o, scan(o, inline_eicar()), false);
    CHECK(d.action == Action::Reject);
    CHECK(d.reply.text == "Virus found: Local.Test.EICAR.NDB.UNOFFICIAL");
}

TEST_CASE("max_size exceeded is Oversize, not Clean") {
    Options o = clamd_options(clamd_peers().clamd_socket());
    o.max_size = 4096;
    Message m = clean_message();
    m.body = std::string(5000, 'y');
    Outcome out = scan(o, m);
    REQUIRE(std::holds_alternative<Oversize>(out));
    CHECK(std::get<Oversize>(out).size > 4096);
}

TEST_CASE("clamd StreamMaxLength exceeded is Failed, never Clean; so is a stopped clamd") {
    PeerDir small(false, "1M");
    REQUIRE(small.ok());
    Message m = clean_message();
    m.body.assign(3u << 20, 'z');
    Outcome out = scan(clamd_options(small.clamd_socket()), m, 65536);
    REQUIRE(std::holds_alternative<Failed>(out));
    MESSAGE("reason: ", failure(out));
    CHECK(failure(out).find("size limit exceeded") != std::string::npos);

    // over max_size as well: not scanned at all, so Oversize wins over clamd's failure
    Options capped = clamd_options(small.clamd_socket());
    capped.max_size = 2u << 20;
    Outcome over = scan(capped, m, 65536);
    REQUIRE(std::holds_alternative<Oversize>(over));
    CHECK(std::get<Oversize>(over).size > capped.max_size);

    // stopped clamd: Failed too, and the job keeps taking input after the failed connect
    small.stop_clamd();
    Outcome gone = scan(clamd_options(small.clamd_socket()), inline_eicar());
    REQUIRE(std::holds_alternative<Failed>(gone));
    CHECK(failure(gone).find("connect") != std::string::npos);
}

TEST_CASE("a SIGSTOPped clamd gives Failed within the deadline") {
    pid_t pid = clamd_peers().clamd_pid();
    REQUIRE(pid > 0);
    REQUIRE(::kill(pid, SIGSTOP) == 0);
    Options o = clamd_options(clamd_peers().clamd_socket());
    o.timeout = 1s;
    o.stream_timeout = 1s;
    Outcome small = scan(o, inline_eicar());        // everything fits the socket buffer: stuck at the reply
    Message big = clean_message();
    big.body.assign(8u << 20, 'w');
    Outcome large = scan(o, big, 65536);            // stuck while sending
    ::kill(pid, SIGCONT);
    CHECK_MESSAGE(std::holds_alternative<Failed>(small), "small message returned and is Failed");
    CHECK_MESSAGE(std::holds_alternative<Failed>(large), "large message returned and is Failed");
    MESSAGE("reasons: ", failure(small), " | ", failure(large));
}

TEST_CASE("garbage from the peer is Failed (fake server: a real clamd cannot do this)") {
    const std::pair<std::string, std::string> replies[] = {
        {std::string("HELLO THERE\n"), "garbled"},
        {std::string("stream: OK"), "no NUL"},             // closed before the terminator
        {std::string("stream: OK\0junk", 15), "after the NUL"},
        {std::string(), "without a reply"},
    };
    for (const auto& [reply, want] : replies) {
        TestServer srv(reply);
        Outcome out = scan(clamd_options("unix:" + srv.path()), inline_eicar());
        REQUIRE(std::holds_alternative<Failed>(out));
        CHECK_MESSAGE(failure(out).find(want) != std::string::npos, failure(out));
        CHECK(srv.received_end());  // it got a well-formed INSTREAM up to the zero chunk
    }
}

TEST_CASE("abort() and destruction mid-message are quiet") {
    auto s = Scanner::create(clamd_options(clamd_peers().clamd_socket()));
    REQUIRE(s);
    auto job = (*s)->begin(envelope());
    job->header("Subject", " x");
    job->body("partial");
    job->abort();
    job->body("more after abort");
    CHECK(std::holds_alternative<Failed>(job->finish()));
    auto job2 = (*s)->begin(envelope());
    job2->header("Subject", " y");  // destroyed without finish()
}

}  // TEST_SUITE
