// cache.cpp: see cache.hpp. Keys are the parts joined with NUL bytes: the
// domain key "ip \0 identity \0 domain", a result key that adds "\0 l=LOCAL"
// and/or "\0 h=HELO" as the domain entry's shape says.
#include "spf/cache.hpp"

#include "util/net.hpp"
#include "util/strings.hpp"

namespace mp::spf {

namespace {

std::string normal_ip(std::string_view ip) {
    if (util::istarts_with(ip, "IPv6:")) ip.remove_prefix(5);
    auto a = util::IpAddr::parse(ip);
    return a ? a->str() : std::string(ip);
}

std::string domain_key(const CacheQuery& q) {
    std::string k = normal_ip(q.ip);
    k += '\0';
    k += q.identity == Identity::Helo ? 'h' : 'm';
    k += '\0';
    std::string d = util::lower(q.domain);
    if (!d.empty() && d.back() == '.') d.pop_back();
    return k + d;
}

std::string result_key(const CacheQuery& q, const MacroUse& shape) {
    std::string k = domain_key(q);
    if (shape.local) k += std::string(1, '\0') + "l=" + q.local;
    if (shape.helo) k += std::string(1, '\0') + "h=" + util::lower(q.helo);
    return k;
}

bool keyed(const MacroUse& u) { return u.local || u.helo; }

}  // namespace

void Trace::text(std::string_view record) {
    MacroUse u = macro_use(record);
    uses.local |= u.local;
    uses.helo |= u.helo;
    uses.time |= u.time;
}

ResultCache::Entry* ResultCache::find(const std::string& key, int64_t now) {
    auto it = entries_.find(key);
    if (it == entries_.end()) return nullptr;
    if (it->second.expires <= now) {
        lru_.erase(it->second.lru);
        entries_.erase(it);
        return nullptr;
    }
    lru_.splice(lru_.begin(), lru_, it->second.lru);
    return &it->second;
}

void ResultCache::store(const std::string& key, Entry e) {
    if (auto it = entries_.find(key); it != entries_.end()) {
        lru_.erase(it->second.lru);
        entries_.erase(it);
    }
    while (!lru_.empty() && entries_.size() >= limits_.max_entries) {
        entries_.erase(lru_.back());
        lru_.pop_back();
    }
    lru_.push_front(key);
    e.lru = lru_.begin();
    entries_.emplace(key, std::move(e));
}

std::optional<Cached> ResultCache::get(const CacheQuery& q, int64_t now) {
    const Entry* d = find(domain_key(q), now);
    if (!d) return std::nullopt;
    if (d->value) return d->value;
    const Entry* r = find(result_key(q, d->shape), now);
    if (!r || !r->value) return std::nullopt;
    return r->value;
}

void ResultCache::put(const CacheQuery& q, const Trace& t, const Cached& c, int64_t now) {
    if (limits_.max_entries == 0 || c.result == Status::TempError || t.uses.time || t.incomplete) return;
    if (t.ttl == UINT32_MAX) return;  // decided without DNS: nothing says how long it holds
    uint32_t ttl = t.ttl < limits_.max_ttl ? t.ttl : limits_.max_ttl;
    if (ttl == 0) return;
    Entry e;
    e.expires = now + ttl;
    if (!keyed(t.uses)) {
        e.value = c;
        return store(domain_key(q), std::move(e));
    }
    e.shape = t.uses;
    store(domain_key(q), e);
    e.shape = {};
    e.value = c;
    store(result_key(q, t.uses), std::move(e));
}

}  // namespace mp::spf
