// test_greylist_journal.cpp: what only the journal store promises: an entry
// survives a SIGKILL right after check() returns in every sync mode, a reopen
// recovers snapshot plus journal and starts a new generation, a torn journal
// tail is ignored with the records before it kept, a damaged snapshot is an
// error naming file and offset, one process owns the directory, a full
// journal rotates into a snapshot without losing an entry, expiry runs in
// bounded batches above expire_limit, and a key too long for a record fails
// alone. (The scenario table and the admin
// operations run on every store in test_greylist_stores.cpp.)
#include <doctest/doctest.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <string>

#include "greylist/greylister.hpp"
#include "greylist/journal_file.hpp"
#include "greylist/journal_record.hpp"
#include "greylist/journal_store.hpp"
#include "test_greylist_cases.hpp"
#include "test_greylist_fixture.hpp"

using namespace mp::greylist;
using greycases::T0;

namespace {

JournalOptions jn_options(const std::string& path) {
    JournalOptions o;
    o.path = path;
    o.journal_size = 1 << 20;
    o.sync = JournalOptions::Sync::None;  // the durability test sets each mode
    return o;
}

std::unique_ptr<JournalStore> jn_open(const JournalOptions& o, uint64_t expire_limit = 1 << 30) {
    auto s = JournalStore::open(o, expire_limit);
    REQUIRE_MESSAGE(s, greyfix::why(s));
    return std::move(*s);
}

void jn_decide(Store& s, int from, int to, int64_t now = T0) {
    for (int i = from; i < to; ++i) {
        auto r = s.decide({"k" + std::to_string(i), ""}, now, Policy{greycases::kT});
        REQUIRE_MESSAGE(r, greyfix::why(r));
    }
}

size_t jn_count(Store& s) {
    auto l = s.list();
    REQUIRE(l);
    return l->size();
}

// The byte offset just past the last record of a journal file.
size_t jn_end(const std::string& file) {
    auto bytes = journal::read_file(file);
    REQUIRE(bytes);
    auto s = journal::scan(std::string_view(*bytes).substr(journal::kHeaderSize), [](const journal::Record&) {});
    return journal::kHeaderSize + s.end;
}

void jn_write_at(const std::string& file, size_t at, std::string_view bytes) {
    int fd = ::open(file.c_str(), O_WRONLY);
    REQUIRE(fd >= 0);
    REQUIRE(pwrite(fd, bytes.data(), bytes.size(), off_t(at)) == ssize_t(bytes.size()));
    close(fd);
}

}  // namespace

TEST_CASE("journal: an entry is durable when decide() returns: SIGKILL right after loses nothing") {
    using S = JournalOptions::Sync;
    for (S sync : {S::Full, S::Periodic, S::None}) {
        CAPTURE(int(sync));
        greyfix::TempDir dir;
        JournalOptions o = jn_options(dir.path + "/j");
        o.sync = sync;
        o.sync_interval = std::chrono::seconds(300);  // periodic: no sync before the kill
        pid_t pid = fork();
        REQUIRE(pid >= 0);
        if (pid == 0) {
            auto s = JournalStore::open(o, 1000);
            if (!s) _exit(2);
            for (int i = 0; i < 100; ++i)
                if (!(*s)->decide({"k" + std::to_string(i), ""}, T0, Policy{greycases::kT})) _exit(3);
            kill(getpid(), SIGKILL);  // no close, no destructor, no exit handler
            _exit(4);
        }
        CHECK(greyfix::reap(pid) == 128 + SIGKILL);
        auto s = jn_open(o);
        CHECK(jn_count(*s) == 100);
        auto e = s->get("k99");
        REQUIRE(e);
        REQUIRE(*e);
        CHECK((*e)->state == State::Greylisted);
        auto d = s->decide({"k99", ""}, T0 + 300, Policy{greycases::kT});  // and the retry is confirmed
        REQUIRE(d);
        CHECK(d->pass);
    }
}

TEST_CASE("journal: reopen recovers every entry and starts a new generation") {
    greyfix::TempDir dir;
    JournalOptions o = jn_options(dir.path + "/j");
    uint64_t g1;
    {
        auto s = jn_open(o);
        g1 = s->generation();
        jn_decide(*s, 0, 50);
        REQUIRE(s->put("white", Entry{State::Whitelisted, T0, T0, T0, 0}, T0, greycases::kT));
        auto r = s->remove("k7");
        REQUIRE(r);
        CHECK(*r);
    }
    auto s = jn_open(o);
    CHECK(s->generation() == g1 + 1);
    CHECK(jn_count(*s) == 50);
    auto gone = s->get("k7");
    REQUIRE(gone);
    CHECK_FALSE(*gone);
    auto w = s->get("white");
    REQUIRE(w);
    REQUIRE(*w);
    CHECK((*w)->state == State::Whitelisted);
    auto gens = journal::list_generations(dir.path + "/j");
    REQUIRE(gens);
    CHECK(gens->snapshots == std::vector<uint64_t>{g1 + 1});  // older generations removed
    CHECK(gens->journals == std::vector<uint64_t>{g1 + 1});
}

TEST_CASE("journal: a torn tail is ignored, the records before it are kept") {
    greyfix::TempDir dir;
    JournalOptions o = jn_options(dir.path + "/j");
    uint64_t g;
    {
        auto s = jn_open(o);
        jn_decide(*s, 0, 10);
        g = s->generation();
    }
    std::string file = journal::journal_path(dir.path + "/j", g);
    std::string rec;
    REQUIRE(journal::append_put(rec, "torn", Entry{State::Greylisted, T0, T0, 0, 1}));
    jn_write_at(file, jn_end(file), rec.substr(0, rec.size() - 3));
    auto s = jn_open(o);
    CHECK(jn_count(*s) == 10);
    auto t = s->get("torn");
    REQUIRE(t);
    CHECK_FALSE(*t);
    jn_decide(*s, 10, 20);  // and the new generation takes writes
    CHECK(jn_count(*s) == 20);
}

TEST_CASE("journal: a damaged snapshot is an error naming the file and offset") {
    greyfix::TempDir dir;
    JournalOptions o = jn_options(dir.path + "/j");
    uint64_t g;
    {
        auto s = jn_open(o);
        jn_decide(*s, 0, 10);
        g = s->generation();
    }
    {
        auto s = jn_open(o);  // the 10 entries are now in the snapshot of g + 1
        g = s->generation();
        CHECK(g > 0);
    }
    std::string snap = journal::snapshot_path(dir.path + "/j", g);
    jn_write_at(snap, journal::kHeaderSize + 20, "XX");
    auto s = JournalStore::open(o, 1000);
    REQUIRE_FALSE(s);
    CHECK(s.error().message.find(snap + ": offset ") != std::string::npos);
    CHECK(s.error().message.find("torn record") != std::string::npos);
}

TEST_CASE("journal: one process owns the directory") {
    greyfix::TempDir dir;
    JournalOptions o = jn_options(dir.path + "/j");
    auto a = jn_open(o);
    auto b = JournalStore::open(o, 1000);
    REQUIRE_FALSE(b);
    CHECK(b.error().message.find("in use by another process") != std::string::npos);
    a.reset();
    auto c = JournalStore::open(o, 1000);
    CHECK_MESSAGE(c, greyfix::why(c));
}

TEST_CASE("journal: a full journal rotates into a snapshot; nothing is lost") {
    greyfix::TempDir dir;
    JournalOptions o = jn_options(dir.path + "/j");  // 1 MB journal: about 40 bytes a record
    uint64_t g0;
    {
        auto s = jn_open(o);
        g0 = s->generation();
        jn_decide(*s, 0, 40000);
        CHECK(s->generation() > g0);
        CHECK(jn_count(*s) == 40000);
    }
    auto s = jn_open(o);
    CHECK(jn_count(*s) == 40000);
    auto e = s->get("k39999");
    REQUIRE(e);
    CHECK(*e);
}

TEST_CASE("journal: expiry in bounded batches above expire_limit, never below; full pass on demand") {
    greyfix::TempDir dir;
    JournalOptions o = jn_options(dir.path + "/j");
    auto s = jn_open(o, 100);
    jn_decide(*s, 0, 300);  // grey entries of T0
    const int64_t later = T0 + greycases::kT.grey_expire + 1;  // all of them expired
    jn_decide(*s, 1000, 1001, later);  // one batch: scans kTrimScan entries, deletes the expired ones
    size_t n = jn_count(*s);
    CHECK(n < 301);
    CHECK(n >= 301 - JournalStore::kTrimScan);
    auto small = jn_open(jn_options(dir.path + "/k"), 1000);
    jn_decide(*small, 0, 10);
    jn_decide(*small, 1000, 1001, later);  // below expire_limit: nothing is trimmed
    CHECK(jn_count(*small) == 11);
    auto x = s->expire(later, greycases::kT);
    REQUIRE(x);
    CHECK(jn_count(*s) == 1);
}

TEST_CASE("journal: a key too long for a record fails alone; the store goes on") {
    greyfix::TempDir dir;
    auto s = jn_open(jn_options(dir.path + "/j"));
    auto bad = s->decide({std::string(journal::kMaxKey + 1, 'k'), ""}, T0, Policy{greycases::kT});
    REQUIRE_FALSE(bad);
    CHECK(bad.error().message.find("longer than") != std::string::npos);
    jn_decide(*s, 0, 3);
    CHECK(jn_count(*s) == 3);
}
