// redis_store.cpp: see redis_store.hpp.
#include "greylist/redis_store.hpp"

#include <algorithm>
#include <unordered_set>

#include "greylist/redis_script.hpp"

namespace mp::greylist {

namespace {

std::string str(const redisReply* r) {
    return r && (r->type == REDIS_REPLY_STRING || r->type == REDIS_REPLY_STATUS) ? std::string(r->str, r->len)
                                                                                : std::string();
}

// MATCH pattern for keys starting with `prefix` (glob characters escaped).
std::string glob_prefix(const std::string& prefix) {
    std::string out;
    for (char c : prefix) {
        if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') out += '\\';
        out += c;
    }
    return out + '*';
}

Result<Outcome> parse_outcome(const redisReply* r) {
    if (r->type != REDIS_REPLY_ARRAY || r->elements != 5 || r->element[0]->type != REDIS_REPLY_INTEGER ||
        r->element[1]->type != REDIS_REPLY_INTEGER)
        return fail("redis: unexpected reply from the greylisting script");
    Outcome out;
    out.pass = r->element[0]->integer == 1;
    out.retry_after = r->element[1]->integer;
    auto before = before_from_name(str(r->element[2]));
    if (!before) return fail("redis: unknown state '" + str(r->element[2]) + "' from the greylisting script");
    out.before = *before;
    if (auto k = str(r->element[3]); !k.empty()) out.key_after = decode(k);
    if (auto c = str(r->element[4]); !c.empty()) out.client_after = decode(c);
    return out;
}

}  // namespace

// Loading the script, EVALSHA and the EVAL fallback share one deadline.
Result<RedisReply> RedisStore::eval(std::vector<std::string> args) {
    auto deadline = pool_.deadline();
    std::string sha;
    {
        std::lock_guard lk(sha_mu_);
        sha = sha_;
    }
    if (sha.empty()) {
        auto r = pool_.command({"SCRIPT", "LOAD", std::string(kRedisScript)}, deadline);
        if (!r) return fail(r.error().message);
        sha = str(r->get());
        std::lock_guard lk(sha_mu_);
        sha_ = sha;
    }
    args.insert(args.begin(), {"EVALSHA", sha});
    auto r = pool_.command(args, deadline);
    if (r || r.error().message.find("NOSCRIPT") == std::string::npos) return r;
    args[0] = "EVAL";
    args[1] = std::string(kRedisScript);
    return pool_.command(args, deadline);
}

Result<Outcome> RedisStore::decide(const Keys& keys, int64_t now, const Policy& p) {
    bool use_client = !keys.client.empty();
    std::vector<std::string> args{use_client ? "2" : "1", o_.prefix + keys.key};
    if (use_client) args.push_back(o_.prefix + keys.client);
    for (int64_t v : {now, p.timing.grey_wait, p.timing.grey_expire, p.timing.white_expire, p.timing.white_timeout,
                      int64_t(p.awl_count)})
        args.push_back(std::to_string(v));
    auto r = eval(std::move(args));
    if (!r) return fail(r.error().message);
    return parse_outcome(r->get());
}

Result<std::optional<Entry>> RedisStore::get(const std::string& key) {
    auto r = pool_.command({"GET", o_.prefix + key});
    if (!r) return fail(r.error().message);
    if ((*r)->type == REDIS_REPLY_NIL) return std::optional<Entry>();
    return decode(str(r->get()));
}

Result<void> RedisStore::put(const std::string& key, const Entry& e, int64_t now, const Timing& t) {
    int64_t ttl = std::max<int64_t>(1, deadline(e, t) - now + 1);
    auto r = pool_.command({"SET", o_.prefix + key, encode(e), "PX", std::to_string(ttl * 1000)});
    if (!r) return fail(r.error().message);
    return {};
}

Result<bool> RedisStore::remove(const std::string& key) {
    auto r = pool_.command({"DEL", o_.prefix + key});
    if (!r) return fail(r.error().message);
    return (*r)->type == REDIS_REPLY_INTEGER && (*r)->integer > 0;
}

template <class Fn>
Result<void> RedisStore::scan(Fn&& fn) {
    std::string cursor = "0";
    std::string match = glob_prefix(o_.prefix);
    do {
        auto r = pool_.command({"SCAN", cursor, "MATCH", match, "COUNT", "1000"});
        if (!r) return fail(r.error().message);
        const redisReply* rep = r->get();
        if (rep->type != REDIS_REPLY_ARRAY || rep->elements != 2) return fail("redis: unexpected SCAN reply");
        cursor = str(rep->element[0]);
        std::vector<std::string> keys;
        for (size_t i = 0; i < rep->element[1]->elements; ++i) keys.push_back(str(rep->element[1]->element[i]));
        if (!keys.empty())
            if (auto f = fn(keys); !f) return f;
    } while (cursor != "0");
    return {};
}

Result<std::vector<std::pair<std::string, Entry>>> RedisStore::list() {
    std::vector<std::pair<std::string, Entry>> out;
    auto s = scan([&](const std::vector<std::string>& keys) -> Result<void> {
        std::vector<std::string> argv{"MGET"};
        argv.insert(argv.end(), keys.begin(), keys.end());
        auto r = pool_.command(argv);
        if (!r) return fail(r.error().message);
        if ((*r)->type != REDIS_REPLY_ARRAY || (*r)->elements != keys.size()) return fail("redis: bad MGET reply");
        for (size_t i = 0; i < keys.size(); ++i)
            if (auto e = decode(str((*r)->element[i]))) out.emplace_back(keys[i].substr(o_.prefix.size()), *e);
        return {};
    });
    if (!s) return fail(s.error().message);
    std::sort(out.begin(), out.end(), [](auto& a, auto& b) { return a.first < b.first; });
    auto dup = std::unique(out.begin(), out.end(), [](auto& a, auto& b) { return a.first == b.first; });
    out.erase(dup, out.end());  // SCAN may return a key twice
    return out;
}

Result<StoreStats> RedisStore::stats() {
    StoreStats st;
    std::unordered_set<std::string> seen;  // SCAN may return a key twice
    auto s = scan([&](const std::vector<std::string>& keys) -> Result<void> {
        seen.insert(keys.begin(), keys.end());
        return {};
    });
    if (!s) return fail(s.error().message);
    st.entries = seen.size();
    auto info = pool_.command({"INFO", "memory"});
    if (!info) return fail(info.error().message);
    std::string text = str(info->get());
    auto pos = text.find("used_memory:");
    std::string used = pos == std::string::npos ? "?" : text.substr(pos + 12, text.find('\r', pos) - pos - 12);
    st.detail = "redis " + pool_.where() + " db=" + std::to_string(o_.db) + " prefix=" + o_.prefix +
                " used_memory=" + used;
    return st;
}

}  // namespace mp::greylist
