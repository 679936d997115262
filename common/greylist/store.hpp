// store.hpp: where greylisting entries live. A store makes one decision
// atomically (read the key's and the client's entries, run the state machine,
// write the result) so that concurrent RCPTs for one key, from several threads,
// processes or MX hosts, never lose an update. Every failure is an error value;
// the caller applies on_store_error.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "greylist/state.hpp"
#include "util/result.hpp"

namespace mp::greylist {

struct Keys {
    std::string key;
    std::string client;  // the auto-whitelist entry's key; empty when not used
};

struct StoreStats {
    uint64_t entries = 0;
    std::string detail;  // store specific: map size and disk use, or redis memory
};

class Store {
public:
    virtual ~Store() = default;
    // The decision for one attempt (state.hpp decide()) with its writes done:
    // when it returns, the new entries are durable (lmdb) or on the server (redis).
    virtual Result<Outcome> decide(const Keys& keys, int64_t now, const Policy& p) = 0;

    // Administration (milterpack greylist ...): whole-store operations may be slow.
    virtual Result<std::vector<std::pair<std::string, Entry>>> list() = 0;
    virtual Result<std::optional<Entry>> get(const std::string& key) = 0;
    // Store `e` under `key`; `now` and the timing set the redis TTL.
    virtual Result<void> put(const std::string& key, const Entry& e, int64_t now, const Timing& t) = 0;
    virtual Result<bool> remove(const std::string& key) = 0;
    virtual Result<StoreStats> stats() = 0;
    // Remove expired entries; returns how many (redis expires by TTL: 0).
    virtual Result<uint64_t> expire(int64_t now, const Timing& t) = 0;
};

}  // namespace mp::greylist
