// cache.hpp: the positive/negative answer cache of common/dns, as pure logic:
// every call takes `now` (seconds on a monotonic clock), so its timing rules
// are unit-tested without a clock. Not thread-safe; the Resolver holds it
// behind its mutex.
// Rules:
//  - Ok answers are kept for their TTL, at most max_ttl;
//  - NoData and NxDomain answers for their TTL (the zone's negative TTL as
//    the resolver reports it), at most negative_ttl; negative_ttl when the
//    answer carries none;
//  - TempError answers and TTL 0 are never kept;
//  - names compare case-insensitively; a hit reports the remaining TTL;
//  - at max_entries, expired entries go first, then the one expiring soonest.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "dns/types.hpp"

namespace mp::dns {

struct CacheLimits {
    size_t max_entries = 10000;  // 0: no caching
    uint32_t max_ttl = 86400;
    uint32_t negative_ttl = 300;
};

class Cache {
public:
    explicit Cache(CacheLimits limits) : limits_(limits) {}

    std::optional<Answer> get(std::string_view name, Type type, int64_t now) const;
    void put(std::string_view name, Type type, const Answer& answer, int64_t now);
    size_t size() const { return entries_.size(); }

private:
    using Key = std::pair<std::string, uint16_t>;
    struct Entry {
        Answer answer;
        int64_t expires = 0;
    };
    void make_room(int64_t now);

    CacheLimits limits_;
    std::map<Key, Entry> entries_;
};

}  // namespace mp::dns
