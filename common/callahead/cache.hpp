// cache.hpp: call-ahead answers remembered per recipient (lowercased), so a
// recipient asked about again within its TTL costs no connection: a positive
// answer (the next hop accepted it) for positive_ttl, a negative one (5yz,
// with the next hop's reply) for negative_ttl. Temporary failures are never
// cached. Thread-safe; every call takes `now` (seconds), so the timing is
// unit-tested without clocks. Bounded: a new entry at max_entries first drops
// the half of the entries that expire soonest (expired ones among them).
//   Cache c(10000);
//   c.put("u@example.com", {.accepted = false, .reply = r}, now + 3600);
//   if (auto a = c.get("u@example.com", now)) ...
#pragma once
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "verdict/reply.hpp"

namespace mp::callahead {

struct Answer {
    bool accepted = false;
    verdict::Reply reply;  // the next hop's reply to RCPT
};

class Cache {
public:
    explicit Cache(size_t max_entries) : max_(max_entries) {}
    std::optional<Answer> get(std::string_view rcpt, int64_t now) const;
    void put(std::string_view rcpt, const Answer& a, int64_t expires);
    size_t size() const;

private:
    struct Entry {
        Answer answer;
        int64_t expires = 0;
    };
    void make_room();
    size_t max_;
    mutable std::mutex mu_;
    std::unordered_map<std::string, Entry> entries_;
};

}  // namespace mp::callahead
