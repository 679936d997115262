// options_config.cpp: the one place that reads a parsed `greylisting` section
// into Options (config applies the defaults of schema(); this checks the rest).
#include "greylist/options.hpp"

namespace mp::greylist {

namespace {

void read_lmdb(const config::Section* s, LmdbOptions& o) {
    if (!s) return;
    o.path = s->str("path");
    o.map_size = s->size("map_size");
    o.max_map_size = s->size("max_map_size");
    auto sync = s->word("sync");
    o.sync = sync == "none" ? LmdbOptions::Sync::None : sync == "meta" ? LmdbOptions::Sync::Meta : LmdbOptions::Sync::Full;
}

void read_redis(const config::Section* s, RedisOptions& o) {
    if (!s) return;
    o.address = s->str("address");
    o.port = int(s->num("port"));
    o.path = s->str("path");
    o.password = s->str("password");
    o.db = int(s->num("db"));
    o.timeout = s->time("timeout");
    o.prefix = s->str("prefix");
    o.pool_size = int(s->num("pool_size"));
}

}  // namespace

Result<Options> options_from(const config::Section& s) {
    Options o;
    o.timing = Timing{s.time("grey_wait").count(), s.time("grey_expire").count(), s.time("white_expire").count(),
                      s.time("white_timeout").count()};
    o.key.netmask = uint32_t(s.num("netmask"));
    o.key.ipv6_prefix = int(s.num("ipv6_prefix"));
    o.key.mode = s.word("key") == "triplet" ? KeyMode::Triplet : KeyMode::ClientIp;
    o.expire_limit = uint64_t(s.num("expire_limit"));
    o.auto_whitelist_count = uint32_t(s.num("auto_whitelist_count"));
    o.store = s.word("store") == "redis" ? StoreKind::Redis : StoreKind::Lmdb;
    o.on_store_error = s.word("on_store_error") == "accept" ? OnError::Accept : OnError::Tempfail;
    o.delay_until_data = s.flag("flags", "delay_greylisting_error_until_data");
    auto reply = verdict::parse_reply(s.str("reply"), reply_rules);
    if (!reply) return fail(s.where("reply").str() + ": reply: " + reply.error().message);
    o.reply = std::move(*reply);
    read_lmdb(s.section("lmdb"), o.lmdb);
    read_redis(s.section("redis"), o.redis);
    if (auto v = validate(o); !v) return fail(s.where().str() + ": " + v.error().message);
    return o;
}

}  // namespace mp::greylist
