// test_greylist_options.cpp: the option tables (validate_spec), defaults and
// bounds read through the real config parser, the reply parser, and golden
// files tests/golden/greylist/*.conf -> *.out (the Options read, or the errors).
#include <doctest/doctest.h>

#include <filesystem>
#include <sstream>

#include "greylist/options.hpp"
#include "support/golden.hpp"

using namespace mp::greylist;
namespace config = mp::config;
namespace fs = std::filesystem;

namespace {

const config::SectionSpec& root() {
    static const config::SectionSpec r{.name = "", .doc = "test root", .sections = {&table().spec()}};
    return r;
}

const char* sync_name(LmdbOptions::Sync s) {
    using S = LmdbOptions::Sync;
    return s == S::Full ? "full" : s == S::Meta ? "meta" : s == S::Periodic ? "periodic" : "none";
}

// Options from a config text holding one greylisting section, or the errors.
std::string read(const std::string& text, const std::string& name = "test.conf") {
    auto cfg = config::parse(text, name, root());
    if (!cfg) {
        std::string out;
        for (auto& e : cfg.error().errors) out += "error: " + e + "\n";
        return out;
    }
    const config::Section* s = cfg->root().section("greylisting");
    if (!s) return "no greylisting section\n";
    auto o = options_from(*s);
    if (!o) return "error: " + o.error().str() + "\n";
    std::ostringstream out;
    const Timing& t = o->timing;
    out << "grey_wait " << t.grey_wait << "\ngrey_expire " << t.grey_expire << "\nwhite_expire " << t.white_expire
        << "\nwhite_timeout " << t.white_timeout << "\nnetmask " << std::hex << o->key.netmask << std::dec
        << "\nipv6_prefix " << o->key.ipv6_prefix
        << "\nkey " << (o->key.mode == KeyMode::Triplet ? "triplet" : "client_ip") << "\nexpire_limit "
        << o->expire_limit << "\nauto_whitelist_count " << o->auto_whitelist_count << "\nstore "
        << (o->store == StoreKind::Redis ? "redis" : "lmdb") << "\non_store_error "
        << (o->on_store_error == OnError::Accept ? "accept" : "tempfail") << "\nreply " << o->reply.code << " "
        << o->reply.xcode << " " << o->reply.text << "\ndelay_until_data " << o->delay_until_data
        << "\nlmdb " << o->lmdb.path << " " << o->lmdb.map_size << " " << o->lmdb.max_map_size << " sync=" << sync_name(o->lmdb.sync)
        << " sync_interval=" << o->lmdb.sync_interval.count() << " queue=" << o->lmdb.queue
        << " timeout=" << o->lmdb.timeout.count() << "\nredis "
        << o->redis.address << " " << o->redis.port << " path=" << o->redis.path << " password="
        << o->redis.password << " db=" << o->redis.db << " timeout=" << o->redis.timeout.count() << " prefix="
        << o->redis.prefix << " pool=" << o->redis.pool_size << "\n";
    return out.str();
}

}  // namespace

TEST_CASE("option tables are well formed") {
    auto d = config::validate_spec(root());
    for (auto& e : d.errors) MESSAGE(e);
    CHECK(d.errors.empty());
    for (const auto* spec : {&table().spec(), &lmdb_table().spec(), &redis_table().spec()})
        for (const auto& o : spec->options) {
            CAPTURE(o.name);
            CHECK_FALSE(o.doc.empty());
        }
}

TEST_CASE("defaults read from the tables equal the struct's defaults") {
    auto cfg = config::parse("greylisting { lmdb { } redis { } }", "d.conf", root());
    REQUIRE(cfg);
    auto o = options_from(*cfg->root().section("greylisting"));
    REQUIRE(o);
    Options def;
    CHECK(o->timing.grey_wait == def.timing.grey_wait);
    CHECK(o->timing.grey_expire == def.timing.grey_expire);
    CHECK(o->timing.white_expire == def.timing.white_expire);
    CHECK(o->timing.white_timeout == def.timing.white_timeout);
    CHECK(o->key.netmask == def.key.netmask);
    CHECK(o->key.ipv6_prefix == def.key.ipv6_prefix);
    CHECK(o->expire_limit == def.expire_limit);
    CHECK(o->auto_whitelist_count == def.auto_whitelist_count);
    CHECK(o->reply.code == def.reply.code);
    CHECK(o->reply.xcode == def.reply.xcode);
    CHECK(o->reply.text == def.reply.text);
    CHECK(o->lmdb.path == def.lmdb.path);
    CHECK(o->lmdb.map_size == def.lmdb.map_size);
    CHECK(o->lmdb.max_map_size == def.lmdb.max_map_size);
    CHECK(o->lmdb.sync == def.lmdb.sync);
    CHECK(o->lmdb.sync_interval == def.lmdb.sync_interval);
    CHECK(o->lmdb.queue == def.lmdb.queue);
    CHECK(o->lmdb.timeout == def.lmdb.timeout);
    CHECK(o->redis.address == def.redis.address);
    CHECK(o->redis.port == def.redis.port);
    CHECK(o->redis.timeout == def.redis.timeout);
    CHECK(o->redis.prefix == def.redis.prefix);
    CHECK(o->redis.pool_size == def.redis.pool_size);
}

TEST_CASE("bounds are enforced with a location") {
    const char* bad[] = {
        "greylisting { grey_wait = 8d; }",
        "greylisting { netmask = 0x1FFFFFFFF; }",
        "greylisting { ipv6_prefix = 129; }",
        "greylisting { key = quadruplet; }",
        "greylisting { store = mysql; }",
        "greylisting { flags = { delay_everything }; }",
        "greylisting { redis { port = 0; } }",
        "greylisting { redis { pool_size = 0; } }",
        "greylisting { lmdb { map_size = 1KB; } }",
        "greylisting { lmdb { sync = sometimes; } }",
        "greylisting { lmdb { sync_interval = 0; } }",
        "greylisting { lmdb { sync_interval = 301s; } }",
        "greylisting { lmdb { queue = 0; } }",
        "greylisting { lmdb { queue = 65537; } }",
        "greylisting { lmdb { timeout = 0; } }",
        "greylisting { bogus = 1; }",
    };
    for (const char* text : bad) {
        CAPTURE(text);
        std::string out = read(text);
        CHECK(out.starts_with("error: test.conf:1:"));
    }
}

TEST_CASE("reply parsing under the greylisting rules") {
    using mp::verdict::parse_reply;
    auto r = parse_reply("450 4.2.0 Greylisted for %r seconds, see https://example.org/grey", reply_rules);
    REQUIRE(r);
    CHECK(r->code == "450");
    CHECK(r->xcode == "4.2.0");
    CHECK(reply_text(*r, std::chrono::seconds(299)) == "Greylisted for 299 seconds, see https://example.org/grey");
    for (const char* bad : {"", "Greylisted", "550 5.7.1 no", "451 Greylisted now", "451 5.7.1 x", "45 4.7.1 x",
                            "451 4.7 x", "451 4.7.1"}) {
        CAPTURE(bad);
        CHECK_FALSE(parse_reply(bad, reply_rules));
    }
}

TEST_CASE("golden files: tests/golden/greylist/*.conf") {
    size_t n = testsupport::check_golden_dir(
        "greylist", {".conf"}, testsupport::OutName::ReplaceExtension,
        [](const fs::path& p) { return read(testsupport::slurp(p), p.filename().string()); });
    REQUIRE(n >= 4);
}
