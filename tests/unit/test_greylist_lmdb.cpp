// test_greylist_lmdb.cpp: what only the LMDB store promises: an entry
// survives a SIGKILL of the writer right after check() returns, in every sync
// mode (periodic too, before its first sync), two
// processes share one environment, a second open in one process is refused,
// MDB_MAP_FULL is an error value (and the map grows while it may), and expiry
// runs in bounded batches above expire_limit.
#include <doctest/doctest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <string>

#include "greylist/greylister.hpp"
#include "greylist/lmdb_store.hpp"
#include "test_greylist_cases.hpp"
#include "test_greylist_fixture.hpp"

using namespace mp::greylist;
using greycases::T0;

namespace {

Options lmdb_options(const std::string& path) {
    Options o;
    o.timing = greycases::kT;
    o.lmdb.path = path;
    return o;
}

std::chrono::system_clock::time_point at(int64_t s) {
    return std::chrono::system_clock::time_point(std::chrono::seconds(T0 + s));
}

Request req(const char* ip, int64_t s) { return Request{*mp::util::IpAddr::parse(ip), "<a@x>", "<r@y>", at(s)}; }

}  // namespace

TEST_CASE("an entry is durable when check() returns: SIGKILL right after loses nothing") {
    using S = LmdbOptions::Sync;
    for (S sync : {S::Full, S::Periodic, S::Meta, S::None}) {
        CAPTURE(int(sync));
        greyfix::TempDir dir;
        Options o = lmdb_options(dir.path + "/env");
        o.lmdb.sync = sync;
        o.lmdb.sync_interval = std::chrono::seconds(300);  // periodic: no sync before the kill
        pid_t pid = fork();
        REQUIRE(pid >= 0);
        if (pid == 0) {
            auto g = Greylister::create(o);
            if (!g) _exit(2);
            auto d = (*g)->check(req("192.0.2.1", 0));
            if (!d || d->result != Decision::Greylisted) _exit(3);
            kill(getpid(), SIGKILL);  // no close, no destructor, no exit handler
            _exit(4);
        }
        CHECK(greyfix::reap(pid) == 128 + SIGKILL);
        auto g = Greylister::create(o);
        REQUIRE_MESSAGE(g, greyfix::why(g));
        auto e = (*g)->show("192.0.2.1");
        REQUIRE(e);
        REQUIRE(*e);
        CHECK((*e)->state == State::Greylisted);
        CHECK((*e)->first_seen == T0);
        auto d = (*g)->check(req("192.0.2.1", 300));  // and the retry is confirmed
        REQUIRE(d);
        CHECK(d->result == Decision::Pass);
    }
}

TEST_CASE("two processes share one environment and see each other's entries") {
    greyfix::TempDir dir;
    int to_child[2], to_parent[2];
    REQUIRE(pipe(to_child) == 0);
    REQUIRE(pipe(to_parent) == 0);
    pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        char b = 0;
        auto g = Greylister::create(lmdb_options(dir.path + "/env"));
        if (!g || !(*g)->check(req("192.0.2.1", 0))) _exit(2);
        if (write(to_parent[1], "1", 1) != 1 || read(to_child[0], &b, 1) != 1) _exit(3);
        auto d = (*g)->check(req("192.0.2.2", 10));  // written by the parent at +0
        if (!d) _exit(4);
        _exit(d->state_before == "greylisted" ? 0 : 5);
    }
    char b = 0;
    REQUIRE(read(to_parent[0], &b, 1) == 1);  // the child has written and still holds its env open
    auto g = Greylister::create(lmdb_options(dir.path + "/env"));
    REQUIRE_MESSAGE(g, greyfix::why(g));
    auto seen = (*g)->check(req("192.0.2.1", 300));
    REQUIRE(seen);
    CHECK(seen->result == Decision::Pass);
    CHECK(seen->state_before == "greylisted");
    REQUIRE((*g)->check(req("192.0.2.2", 0)));
    REQUIRE(write(to_child[1], "1", 1) == 1);
    CHECK(greyfix::reap(pid) == 0);
    for (int fd : {to_child[0], to_child[1], to_parent[0], to_parent[1]}) close(fd);
}

TEST_CASE("one process may open a path once") {
    greyfix::TempDir dir;
    LmdbOptions o;
    o.path = dir.path + "/env";
    auto a = LmdbStore::open(o, 100);
    REQUIRE(a);
    o.path = dir.path + "/./env";  // same directory, other spelling
    auto b = LmdbStore::open(o, 100);
    REQUIRE_FALSE(b);
    CHECK(b.error().message.find("already open") != std::string::npos);
    a->reset();
    auto c = LmdbStore::open(o, 100);
    CHECK(c);
}

TEST_CASE("MDB_MAP_FULL: the map grows up to max_map_size, then decisions fail as error values") {
    greyfix::TempDir dir;
    LmdbOptions o;
    o.path = dir.path + "/env";
    o.map_size = 1 << 20;
    o.max_map_size = 2 << 20;
    o.sync = LmdbOptions::Sync::None;  // thousands of commits; durability is not under test here
    auto s = LmdbStore::open(o, 1 << 30);
    REQUIRE(s);
    Policy p{greycases::kT};
    std::string pad(350, 'p');
    int ok = 0;
    std::string error;
    for (int i = 0; i < 20000 && error.empty(); ++i) {
        auto r = (*s)->decide({std::to_string(i) + pad, ""}, T0, p);
        if (r) ++ok;
        else error = r.error().message;
    }
    CHECK(error.find("MDB_MAP_FULL") != std::string::npos);
    CHECK((*s)->map_size() == o.max_map_size);
    CHECK(ok > 2500);  // more than 1 MB of entries went in: the map did grow
    auto e = (*s)->get("0" + pad);  // reads still work
    REQUIRE(e);
    CHECK(*e);
}

TEST_CASE("expiry: bounded batches above expire_limit, never below; full pass on demand") {
    greyfix::TempDir dir;
    LmdbOptions o;
    o.path = dir.path + "/env";
    o.sync = LmdbOptions::Sync::None;
    Policy p{greycases::kT};
    auto s = LmdbStore::open(o, 100);
    REQUIRE(s);
    for (int i = 0; i < 300; ++i) REQUIRE((*s)->decide({"k" + std::to_string(1000 + i), ""}, T0, p));
    auto count = [&] { return (*s)->stats()->entries; };
    CHECK(count() == 300);  // none expired yet: above the limit but nothing to remove
    int64_t later = T0 + p.timing.grey_expire + 1;
    REQUIRE((*s)->decide({"new1", ""}, later, p));
    CHECK(count() == 301 - LmdbStore::kTrimScan);  // one decision removes at most one batch
    for (int i = 0; i < 10; ++i) REQUIRE((*s)->decide({"new" + std::to_string(i + 2), ""}, later, p));
    CHECK(count() == 100);  // expiry removes only down to expire_limit
    auto removed = (*s)->expire(later, p.timing);
    REQUIRE(removed);
    CHECK(count() == 11);  // only the fresh entries are left
}

TEST_CASE("sync = periodic: closing the store stops its sync thread at once and syncs what is pending") {
    greyfix::TempDir dir;
    LmdbOptions o;
    o.path = dir.path + "/env";
    o.sync = LmdbOptions::Sync::Periodic;
    o.sync_interval = std::chrono::seconds(300);  // a close that waited for the interval would hang the test
    Policy p{greycases::kT};
    for (int round = 0; round < 3; ++round) {
        CAPTURE(round);
        auto s = LmdbStore::open(o, 100);
        REQUIRE_MESSAGE(s, greyfix::why(s));
        auto d = (*s)->decide({"k" + std::to_string(round), ""}, T0, p);
        REQUIRE(d);
        s->reset();  // joins the thread, last sync, closes the environment
        auto again = LmdbStore::open(o, 100);
        REQUIRE(again);
        CHECK((*again)->stats()->entries == uint64_t(round + 1));
    }
}
