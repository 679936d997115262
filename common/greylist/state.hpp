// state.hpp: the greylisting state machine (sendmail X README 3.9.4) as pure functions
// over (entry, now, timing). Stores only load and save entries around decide();
// the redis store runs the same machine server-side (redis_script.cpp) and the
// unit tests run one table of cases against both.
//
// States: unknown (no entry, or an entry past its deadline) -> greylisted
// (first seen, waiting grey_wait) -> whitelisted (confirmed). Rules:
//  - a retry before grey_wait stays greylisted; first_seen is NOT reset, so a
//    sender that retries every minute is confirmed grey_wait after its first try.
//  - a greylisted entry older than grey_expire (since first_seen) starts over.
//  - a whitelisted entry is refreshed by each mail (last_seen); it is dropped
//    after white_expire without mail and must go through greylisting again
//    white_timeout after it was whitelisted (0 = never).
//  - Counting is the per-client auto-whitelist entry of triplet mode: it counts
//    confirmed triplets; at awl_count it becomes a whitelisted client entry.
// Boundaries: age >= grey_wait confirms; age > grey_expire (white_expire,
// white_timeout) expires, so an entry is still valid at exactly its deadline.
// Times are integer seconds since the epoch.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace mp::greylist {

enum class State : uint8_t { Greylisted, Whitelisted, Counting };

struct Entry {
    State state = State::Greylisted;
    int64_t first_seen = 0;      // first attempt (greylisted) / first confirmation (counting)
    int64_t last_seen = 0;       // last attempt or mail
    int64_t whitelisted_at = 0;  // 0 unless whitelisted
    uint32_t count = 0;          // attempts (grey), mails (white), confirmed triplets (counting)
    bool operator==(const Entry&) const = default;
};

struct Timing {
    int64_t grey_wait = 300;
    int64_t grey_expire = 2 * 86400;
    int64_t white_expire = 35 * 86400;
    int64_t white_timeout = 0;  // 0 = never
};

struct Policy {
    Timing timing;
    uint32_t awl_count = 0;  // 0 = no client auto-whitelist
};

// Why the entry was in the state it was before this decision.
enum class Before { New, Greylisted, Whitelisted, GreyExpired, WhiteExpired, WhiteTimeout, ClientWhitelisted };
std::string_view before_name(Before b);
std::optional<Before> before_from_name(std::string_view name);
std::string_view state_name(State s);

// The last second at which the entry is still valid.
int64_t deadline(const Entry& e, const Timing& t);
bool expired(const Entry& e, int64_t now, const Timing& t);

struct Step {
    Entry entry;             // to be stored
    bool pass = false;
    int64_t retry_after = 0; // seconds until a retry can pass (0 when pass)
    Before before = Before::New;
    bool confirmed = false;  // greylisted -> whitelisted in this step
};

// One attempt on one key.
Step step(const std::optional<Entry>& e, int64_t now, const Timing& t);

struct Outcome {
    bool pass = false;
    int64_t retry_after = 0;
    Before before = Before::New;
    std::optional<Entry> key_after;     // write when set
    std::optional<Entry> client_after;  // write when set (auto-whitelist entry)
};

// One attempt with the optional client auto-whitelist entry (use_client: the
// key is a triplet and awl_count > 0). A whitelisted client passes without
// touching the triplet; a confirmed triplet bumps the client's count.
Outcome decide(const std::optional<Entry>& key, const std::optional<Entry>& client, bool use_client,
               int64_t now, const Policy& p);

// Text form shared by both stores: "<g|w|c> first last whitelisted_at count".
std::string encode(const Entry& e);
// The same text into a caller's buffer, without allocating; returns its length.
inline constexpr size_t kEncodedMax = 96;
size_t encode_to(const Entry& e, char (&buf)[kEncodedMax]);
std::optional<Entry> decode(std::string_view text);

}  // namespace mp::greylist
