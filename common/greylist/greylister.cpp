// greylister.cpp: see greylister.hpp.
#include "greylist/greylister.hpp"

#include <algorithm>

#include "greylist/journal_store.hpp"
#include "greylist/lmdb_store.hpp"
#include "greylist/redis_store.hpp"

namespace mp::greylist {

namespace {

int64_t seconds(std::chrono::system_clock::time_point t) {
    return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

}  // namespace

Result<std::unique_ptr<Greylister>> Greylister::create(const Options& o) {
    if (auto v = validate(o); !v) return fail(v.error().message);
    std::unique_ptr<Store> store;
    if (o.store == StoreKind::Redis) {
        store = std::make_unique<RedisStore>(o.redis);
    } else if (o.store == StoreKind::Journal) {
        auto s = JournalStore::open(o.journal, o.expire_limit);
        if (!s) return fail(s.error().message);
        store = std::move(*s);
    } else {
        auto s = LmdbStore::open(o.lmdb, o.expire_limit);
        if (!s) return fail(s.error().message);
        store = std::move(*s);
    }
    return std::make_unique<Greylister>(o, std::move(store));
}

std::string Greylister::key_for(const util::IpAddr& client, std::string_view sender, std::string_view rcpt) const {
    return make_key(client, sender, rcpt, o_.key);
}

Result<Decision> Greylister::check(const Request& r) {
    Keys keys{key_for(r.client, r.sender, r.rcpt), {}};
    Policy p = o_.policy();
    if (p.awl_count > 0) keys.client = client_key(r.client, o_.key);
    auto out = store_->decide(keys, seconds(r.now), p);
    if (!out) return fail(out.error().message);
    Decision d;
    d.result = out->pass ? Decision::Pass : Decision::Greylisted;
    d.retry_after = std::chrono::seconds(out->retry_after);
    d.key = std::move(keys.key);
    d.state_before = std::string(before_name(out->before));
    if (out->pass && out->before == Before::Greylisted && out->key_after)
        d.delayed = std::chrono::seconds(std::max<int64_t>(0, seconds(r.now) - out->key_after->first_seen));
    return d;
}

Result<std::vector<Record>> Greylister::list() {
    auto l = store_->list();
    if (!l) return fail(l.error().message);
    std::vector<Record> out;
    out.reserve(l->size());
    for (auto& [k, e] : *l) out.push_back({std::move(k), e});
    return out;
}

bool Greylister::same_store(const Options& a, const Options& b) {
    if (a.store != b.store) return false;
    if (a.store == StoreKind::Lmdb) return a.lmdb.path == b.lmdb.path;
    if (a.store == StoreKind::Journal) return a.journal.path == b.journal.path;  // options as opened stay
    return a.redis.path == b.redis.path && a.redis.address == b.redis.address && a.redis.port == b.redis.port &&
           a.redis.db == b.redis.db;
}

Result<std::optional<Entry>> Greylister::show(const std::string& key) { return store_->get(key); }

Result<void> Greylister::whitelist(const std::string& key, std::chrono::system_clock::time_point now) {
    int64_t t = seconds(now);
    return store_->put(key, Entry{State::Whitelisted, t, t, t, 0}, t, o_.timing);
}

Result<bool> Greylister::remove(const std::string& key) { return store_->remove(key); }

Result<Stats> Greylister::stats(std::chrono::system_clock::time_point now) {
    auto st = store_->stats();
    if (!st) return fail(st.error().message);
    auto l = store_->list();
    if (!l) return fail(l.error().message);
    Stats s;
    s.entries = st->entries;
    s.store = st->detail;
    for (auto& [k, e] : *l) {
        if (expired(e, seconds(now), o_.timing)) ++s.expired;
        (e.state == State::Greylisted ? s.greylisted : e.state == State::Whitelisted ? s.whitelisted : s.counting)++;
    }
    return s;
}

Result<uint64_t> Greylister::size() {
    auto st = store_->stats();
    if (!st) return fail(st.error().message);
    return st->entries;
}

Result<uint64_t> Greylister::expire(std::chrono::system_clock::time_point now) {
    return store_->expire(seconds(now), o_.timing);
}

}  // namespace mp::greylist
