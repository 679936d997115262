// cache.hpp: the SPF result cache: what one check found for a client address
// and a domain, kept for the TTLs of the DNS answers the check read, so a
// busy sender's next transaction costs no evaluation at all (the DNS cache
// alone still leaves libspf2 to walk the record). Pure logic: every call
// takes `now` (seconds on a monotonic clock); not thread-safe (Checker holds
// it behind a mutex that is never held across a DNS wait).
// Keying (what a result may answer):
//  - always the client address, the identity (MAIL FROM or HELO) and the
//    domain (case-insensitive);
//  - plus the local-part when a record or explanation of the check used
//    %{s} or %{l}, plus the HELO name when one used %{h}: a record such as
//    "exists:%{l}._spf.%{d}" must not answer for another local part. The
//    domain's entry remembers which (its "shape"), the result is stored
//    under the longer key;
//  - a check that used %{t} is not kept (its explanation names the time),
//    nor one whose explanation lookup failed (the default text stood in).
// Lifetime: the smallest TTL of the answers the check read, at most
// max_ttl; TempError is never kept, nor a result whose TTL is 0 or that
// read no DNS answer at all.
// Bound: at most max_entries entries (shapes included), least recently used
// first out.
#pragma once
#include <cstdint>
#include <list>
#include <optional>
#include <string>
#include <unordered_map>

#include "dns/types.hpp"
#include "spf/macro.hpp"
#include "spf/result.hpp"

namespace mp::spf {

struct CacheLimits {
    size_t max_entries = 10000;  // 0: no caching
    uint32_t max_ttl = 3600;
};

// What a check depended on, gathered while it ran (dnslayer.hpp, explain.hpp).
struct Trace {
    uint32_t ttl = UINT32_MAX;  // smallest TTL seen; UINT32_MAX: no answer seen
    MacroUse uses;
    bool incomplete = false;    // a lookup failed (the explanation's): not kept
    void answer(uint32_t answer_ttl) { ttl = answer_ttl < ttl ? answer_ttl : ttl; }
    void text(std::string_view record);  // a record or explanation text read
    void seen(const dns::Answer& a) {
        if (a.status == dns::Status::TempError) incomplete = true;
        else answer(a.ttl);
    }
};

// The parts of a check the cache may key on.
struct CacheQuery {
    std::string ip;  // as the client gave it; normalized by the cache
    Identity identity = Identity::MailFrom;
    std::string domain;
    std::string local;  // local-part of the checked identity
    std::string helo;
};

// What a cached result restores: everything of an Outcome that does not
// name the sender (the texts naming it are written again, result.hpp).
struct Cached {
    Status result = Status::None;
    std::string detail;       // Outcome::detail
    std::string explanation;  // Fail: the expanded exp= text
};

class ResultCache {
public:
    explicit ResultCache(CacheLimits limits) : limits_(limits) {}

    std::optional<Cached> get(const CacheQuery& q, int64_t now);
    void put(const CacheQuery& q, const Trace& t, const Cached& c, int64_t now);
    size_t size() const { return entries_.size(); }

private:
    struct Entry {
        int64_t expires = 0;
        MacroUse shape;               // the domain entry: which parts key the result
        std::optional<Cached> value;  // set on result entries
        std::list<std::string>::iterator lru;
    };
    Entry* find(const std::string& key, int64_t now);
    void store(const std::string& key, Entry e);

    CacheLimits limits_;
    std::unordered_map<std::string, Entry> entries_;
    std::list<std::string> lru_;  // most recently used first
};

}  // namespace mp::spf
