// redis_store.hpp: the shared greylisting store. Keys are `prefix` + key.hpp's
// key, values state.hpp's text form with a TTL at the entry's deadline. One
// decision is one EVALSHA of redis_script.cpp (atomic on the server); the
// script is loaded with SCRIPT LOAD on first use and sent whole with EVAL when
// the server answers NOSCRIPT (restart, SCRIPT FLUSH). Not for redis Cluster:
// a triplet and its client entry are two keys that may hash to two slots.
#pragma once
#include <memory>
#include <mutex>
#include <string>

#include "greylist/options.hpp"
#include "greylist/redis_pool.hpp"
#include "greylist/store.hpp"

namespace mp::greylist {

class RedisStore final : public Store {
public:
    // Connects lazily: a redis that is down at startup only fails decisions.
    explicit RedisStore(const RedisOptions& o) : o_(o), pool_(o) {}

    Result<Outcome> decide(const Keys& keys, int64_t now, const Policy& p) override;
    Result<std::vector<std::pair<std::string, Entry>>> list() override;
    Result<std::optional<Entry>> get(const std::string& key) override;
    Result<void> put(const std::string& key, const Entry& e, int64_t now, const Timing& t) override;
    Result<bool> remove(const std::string& key) override;
    Result<StoreStats> stats() override;
    Result<uint64_t> expire(int64_t, const Timing&) override { return uint64_t(0); }

private:
    Result<RedisReply> eval(std::vector<std::string> args);
    // SCAN over prefix*; calls fn(keys) for each batch of full redis keys.
    template <class Fn>
    Result<void> scan(Fn&& fn);

    RedisOptions o_;
    RedisPool pool_;
    std::mutex sha_mu_;
    std::string sha_;
};

}  // namespace mp::greylist
