// test_greylist_stores.cpp: every store against the same scenario table
// (test_greylist_cases.hpp): the LMDB and journal stores in a temp dir and the
// redis store (Lua state machine) on a real redis-server. After every attempt the stored
// entries must equal what the pure state machine says. Then the admin
// operations and Greylister::check() end to end on each store.
#include <doctest/doctest.h>

#include <atomic>
#include <functional>
#include <thread>
#include <memory>

#include "greylist/greylister.hpp"
#include "greylist/journal_store.hpp"
#include "greylist/lmdb_store.hpp"
#include "greylist/redis_store.hpp"
#include "test_greylist_cases.hpp"
#include "test_greylist_fixture.hpp"

using namespace mp::greylist;
using greycases::T0;

namespace {

using StoreFactory = std::function<std::unique_ptr<Store>(int case_no)>;

void run_table(const StoreFactory& make) {
    int n = 0;
    for (const auto& c : greycases::kCases) {
        CAPTURE(c.name);
        auto store = make(n++);
        REQUIRE(store);
        greycases::Model model;
        for (const auto& a : c.attempts) {
            CAPTURE(a.t);
            CAPTURE(a.key);
            Keys keys{a.key, a.client};
            auto got = store->decide(keys, T0 + a.t, c.policy);
            REQUIRE_MESSAGE(got, greyfix::why(got));
            auto want = model.attempt(a.key, a.client, T0 + a.t, c.policy);
            CHECK(got->pass == a.pass);
            CHECK(got->retry_after == a.retry_after);
            CHECK(before_name(got->before) == a.before);
            CHECK(got->key_after == want.key_after);
            CHECK(got->client_after == want.client_after);
            for (const auto& [k, e] : model.m) {
                auto stored = store->get(k);
                REQUIRE(stored);
                CHECK(*stored == std::optional<Entry>(e));
            }
        }
    }
}

void admin_ops(Store& s) {
    const Timing t = greycases::kT;
    Policy p{t};
    REQUIRE(s.decide({"198.51.100.1", ""}, T0, p));
    REQUIRE(s.decide({"198.51.100.2", ""}, T0, p));
    REQUIRE(s.put("198.51.100.3", Entry{State::Whitelisted, T0, T0, T0, 0}, T0, t));
    auto l = s.list();
    REQUIRE(l);
    REQUIRE(l->size() == 3);
    CHECK((*l)[0].first == "198.51.100.1");
    CHECK((*l)[2].second.state == State::Whitelisted);
    auto st = s.stats();
    REQUIRE(st);
    CHECK(st->entries == 3);
    CHECK_FALSE(st->detail.empty());
    auto w = s.decide({"198.51.100.3", ""}, T0 + 1, p);  // the admin whitelist is honoured
    REQUIRE(w);
    CHECK(w->pass);
    auto r = s.remove("198.51.100.2");
    REQUIRE(r);
    CHECK(*r);
    auto again = s.remove("198.51.100.2");
    REQUIRE(again);
    CHECK_FALSE(*again);
    auto gone = s.get("198.51.100.2");
    REQUIRE(gone);
    CHECK_FALSE(*gone);
}

}  // namespace

TEST_CASE("lmdb store: scenario table") {
    greyfix::TempDir dir;
    run_table([&](int n) -> std::unique_ptr<Store> {
        LmdbOptions o;
        o.path = dir.path + "/case" + std::to_string(n);
        o.map_size = 1 << 20;
        auto s = LmdbStore::open(o, 10000);
        REQUIRE_MESSAGE(s, greyfix::why(s));
        return std::move(*s);
    });
}

TEST_CASE("journal store: scenario table") {
    greyfix::TempDir dir;
    run_table([&](int n) -> std::unique_ptr<Store> {
        JournalOptions o;
        o.path = dir.path + "/case" + std::to_string(n);
        o.journal_size = 1 << 20;
        auto s = JournalStore::open(o, 10000);
        REQUIRE_MESSAGE(s, greyfix::why(s));
        return std::move(*s);
    });
}

TEST_CASE("redis store: scenario table on a real redis-server") {
    greyfix::RedisServer redis;
    run_table([&](int n) { return std::make_unique<RedisStore>(redis.options("case" + std::to_string(n) + ":")); });
}

TEST_CASE("lmdb store: admin operations") {
    greyfix::TempDir dir;
    LmdbOptions o;
    o.path = dir.path + "/env";
    auto s = LmdbStore::open(o, 10000);
    REQUIRE(s);
    admin_ops(**s);
}

TEST_CASE("journal store: admin operations") {
    greyfix::TempDir dir;
    JournalOptions o;
    o.path = dir.path + "/j";
    o.journal_size = 1 << 20;
    auto s = JournalStore::open(o, 10000);
    REQUIRE(s);
    admin_ops(**s);
}

TEST_CASE("redis store: admin operations, other prefixes untouched") {
    greyfix::RedisServer redis;
    CHECK(redis.command({"SET", "other:198.51.100.9", "g 1 1 0 1"}) == "OK");
    RedisStore s(redis.options("adm:"));
    admin_ops(s);
    CHECK(redis.command({"GET", "other:198.51.100.9"}) == "g 1 1 0 1");
    // TTLs follow the deadlines: a grey entry lives grey_expire, a white one white_expire
    auto grey_ttl = std::stoll(redis.command({"PTTL", "adm:198.51.100.1"}));
    CHECK(grey_ttl > 0);
    CHECK(grey_ttl <= (greycases::kT.grey_expire + 1) * 1000);
    auto white_ttl = std::stoll(redis.command({"PTTL", "adm:198.51.100.3"}));
    CHECK(white_ttl > grey_ttl);
    CHECK(white_ttl <= (greycases::kT.white_expire + 1) * 1000);
}

TEST_CASE("Greylister::check end to end on each store") {
    greyfix::TempDir dir;
    greyfix::RedisServer redis;
    for (StoreKind kind : {StoreKind::Lmdb, StoreKind::Journal, StoreKind::Redis}) {
        CAPTURE(int(kind));
        Options o;
        o.journal.path = dir.path + "/journal";
        o.journal.journal_size = 1 << 20;
        o.store = kind;
        o.key.mode = KeyMode::Triplet;
        o.key.netmask = 0xFFFFFF00;
        o.auto_whitelist_count = 1;
        o.lmdb.path = dir.path + "/env";
        o.redis = redis.options("gl:");
        auto g = Greylister::create(o);
        REQUIRE_MESSAGE(g, greyfix::why(g));
        auto at = [](int64_t s) { return std::chrono::system_clock::time_point(std::chrono::seconds(T0 + s)); };
        auto ip = *mp::util::IpAddr::parse("203.0.113.9");
        auto d1 = (*g)->check({ip, "<prvs=0123456789=Alice+x@A.example>", "<Bob@B.example>", at(0)});
        REQUIRE(d1);
        CHECK(d1->result == Decision::Greylisted);
        CHECK(d1->retry_after == std::chrono::seconds(300));
        CHECK(d1->key == "203.0.113.0 <alice@a.example> <bob@b.example>");
        CHECK(d1->state_before == "new");
        // the retry comes from a sibling host with a fresh BATV tag: same key
        auto ip2 = *mp::util::IpAddr::parse("203.0.113.200");
        auto d2 = (*g)->check({ip2, "<prvs=9999999999=alice@a.example>", "<bob@b.example>", at(400)});
        REQUIRE(d2);
        CHECK(d2->result == Decision::Pass);
        CHECK(d2->state_before == "greylisted");
        // auto_whitelist_count = 1: the client is now whitelisted for any triplet
        auto d3 = (*g)->check({ip, "<>", "<carol@b.example>", at(500)});
        REQUIRE(d3);
        CHECK(d3->result == Decision::Pass);
        CHECK(d3->state_before == "client-whitelisted");
        auto shown = (*g)->show("203.0.113.0");
        REQUIRE(shown);
        REQUIRE(*shown);
        CHECK((*shown)->state == State::Whitelisted);
        auto listed = (*g)->list();
        REQUIRE(listed);
        CHECK(listed->size() == 2);
        auto stats = (*g)->stats(at(500));
        REQUIRE(stats);
        CHECK(stats->whitelisted == 2);
        CHECK(stats->expired == 0);
        CHECK(format_stats(*stats).starts_with("entries 2\ngreylisted 0\nwhitelisted 2\n"));
        std::string text = format_list(*listed, T0 + 500, o.timing);
        CHECK(text.find("203.0.113.0\twhitelisted\tfirst=2023-11-14T22:20:00Z last=2023-11-14T22:21:40Z") !=
              std::string::npos);
        // admin whitelist of a fresh key, then delete
        REQUIRE((*g)->whitelist("192.0.2.0", at(600)));
        auto d4 = (*g)->check({*mp::util::IpAddr::parse("192.0.2.5"), "<x@y>", "<z@b.example>", at(601)});
        REQUIRE(d4);
        CHECK(d4->result == Decision::Pass);
        auto rm = (*g)->remove("192.0.2.0");
        REQUIRE(rm);
        CHECK(*rm);
        g->reset();  // closes the LMDB env before the next iteration
    }
}

TEST_CASE("concurrent decisions on one key lose no update, on each store") {
    greyfix::TempDir dir;
    greyfix::RedisServer redis;
    LmdbOptions lo;
    lo.path = dir.path + "/env";
    lo.sync = LmdbOptions::Sync::None;  // atomicity is under test, not fsync
    auto lmdb = LmdbStore::open(lo, 10000);
    REQUIRE(lmdb);
    RedisStore rs(redis.options("conc:"));
    JournalOptions jo;
    jo.path = dir.path + "/journal";
    jo.journal_size = 1 << 20;
    jo.sync = JournalOptions::Sync::None;
    auto journal = JournalStore::open(jo, 10000);
    REQUIRE(journal);
    for (Store* s : {static_cast<Store*>(lmdb->get()), static_cast<Store*>(journal->get()), static_cast<Store*>(&rs)}) {
        std::atomic<int> failures{0};
        std::vector<std::thread> threads;
        for (int t = 0; t < 4; ++t)
            threads.emplace_back([&] {
                for (int i = 0; i < 50; ++i)
                    if (!s->decide({"192.0.2.1", ""}, T0 + 1, Policy{greycases::kT})) ++failures;
            });
        for (auto& t : threads) t.join();
        CHECK(failures == 0);
        auto e = s->get("192.0.2.1");
        REQUIRE(e);
        REQUIRE(*e);
        CHECK((*e)->count == 200);
    }
}
