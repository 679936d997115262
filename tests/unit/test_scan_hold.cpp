// test_scan_hold.cpp: the pause after a timeout (scan/hold.hpp) as pure logic
// on `now`, and through a Chain against a real unix socket that accepts
// connections and never answers (a SIGSTOPped clamd, as the kernel sees it):
// the first message runs into its timeout, the next ones do not reach the
// socket at all. No assertion depends on time: the pause is 10 minutes, the
// timeout 200 ms.
#include <doctest/doctest.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <string>

#include "scan/hold.hpp"
#include "scan/scanner.hpp"
#include "support/tempdir.hpp"
#include "util/raii.hpp"

using namespace mp::scan;
using namespace std::chrono_literals;
using A = mp::verdict::Action;

TEST_CASE("the pause: starts after a timeout, never shortened, ends") {
    const Clock::time_point t0 = Clock::now();
    struct Row {
        const char* what;
        bool timed_out;
        std::chrono::milliseconds at, hold;  // after_scan at t0 + at
        std::chrono::milliseconds ask;       // left() at t0 + ask
        std::chrono::milliseconds want;
    };
    const Row rows[] = {
        {"no timeout: no pause", false, 0ms, 10'000ms, 1ms, 0ms},
        {"a timeout: the pause", true, 0ms, 10'000ms, 1ms, 9'999ms},
        {"hold 0: never paused", true, 0ms, 0ms, 0ms, 0ms},
        {"its last millisecond", true, 0ms, 10'000ms, 9'999ms, 1ms},
        {"over", true, 0ms, 10'000ms, 10'000ms, 0ms},
        {"over long ago", true, 0ms, 10'000ms, 3'600'000ms, 0ms},
    };
    for (const Row& r : rows) {
        std::string what = r.what;
        CAPTURE(what);
        Hold h;
        CHECK(h.left(t0) == 0ms);
        h.after_scan(r.timed_out, t0 + r.at, r.hold);
        CHECK(h.left(t0 + r.ask) == r.want);
    }
    Hold h;
    h.after_scan(true, t0 + 5'000ms, 10'000ms);  // until t0 + 15 s
    h.after_scan(true, t0, 10'000ms);            // an older scan's timeout, reported late
    CHECK(h.left(t0 + 14'000ms) == 1'000ms);
    h.after_scan(false, t0 + 6'000ms, 10'000ms);  // an answer does not end it either
    CHECK(h.left(t0 + 14'000ms) == 1'000ms);
}

TEST_CASE("a timeout is a failure that used the whole timeout") {
    CHECK(timed_out(Failed{"no verdict"}, 1000ms, 1000ms));
    CHECK(timed_out(Failed{"no verdict"}, 1500ms, 1000ms));
    CHECK_FALSE(timed_out(Failed{"connect: Connection refused"}, 2ms, 1000ms));
    CHECK_FALSE(timed_out(Clean{}, 1500ms, 1000ms));
    CHECK_FALSE(timed_out(Infected{"Eicar"}, 1500ms, 1000ms));
}

namespace {

// A unix socket that listens and never accepts: connects succeed, nothing answers.
struct SilentScanner {
    TempDir dir;
    std::string path = dir.path + "/clamd.sock";
    mp::util::Fd fd{::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0)};  // accept never waits
    SilentScanner() {
        sockaddr_un a{};
        a.sun_family = AF_UNIX;
        path.copy(a.sun_path, sizeof a.sun_path - 1);
        REQUIRE(::bind(fd.get(), reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
        REQUIRE(::listen(fd.get(), 16) == 0);
    }
    // Connections made so far (accepted now, non-blocking).
    int connections() {
        int n = 0;
        while (mp::util::Fd c{::accept4(fd.get(), nullptr, nullptr, SOCK_CLOEXEC)}) ++n;
        return n;
    }
};

mp::verdict::Verdict scan_one(const Chain& chain) {
    Envelope env;
    env.queue_id = "HOLD1";
    auto job = chain.begin(env);
    job->header("Subject", " hello");
    job->eoh();
    job->body("hello\r\n");
    return job->finish();
}

}  // namespace

TEST_CASE("a scanner that ran into its timeout is not asked again until the pause ends") {
    SilentScanner silent;
    Options o;
    o.type = Kind::Clamd;
    o.socket = "unix:" + silent.path;
    o.timeout = 200ms;
    o.hold_after_timeout = 600'000ms;
    auto chain = Chain::create({o});
    REQUIRE(chain);

    auto first = scan_one(*chain);
    CHECK(first.action == A::Tempfail);
    CHECK(first.reason.find("no verdict") != std::string::npos);
    CHECK(silent.connections() == 1);

    for (int i = 0; i < 3; ++i) {
        auto next = scan_one(*chain);
        CHECK(next.action == A::Tempfail);
        CHECK(next.reason.find("paused for") != std::string::npos);
    }
    CHECK(silent.connections() == 0);  // paused jobs never connected

    o.hold_after_timeout = 0ms;  // a configuration without the pause asks every time
    auto unpaused = Chain::create({o});
    REQUIRE(unpaused);
    for (int i = 0; i < 2; ++i) CHECK(scan_one(*unpaused).reason.find("no verdict") != std::string::npos);
    CHECK(silent.connections() == 2);
}
