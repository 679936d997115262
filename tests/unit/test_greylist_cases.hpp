// test_greylist_cases.hpp: one table of greylisting scenarios, each a list of
// attempts at injected times with the expected decision. test_greylist_state
// runs it against the pure state machine; test_greylist_stores runs the very
// same table through the LMDB store and through a real redis-server (Lua copy),
// so the three implementations cannot drift apart.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "greylist/state.hpp"

namespace greycases {

using mp::greylist::Policy;
using mp::greylist::Timing;

constexpr int64_t T0 = 1700000000;  // injected clock origin
constexpr int64_t H = 3600, D = 86400;

struct Attempt {
    int64_t t;           // seconds after T0
    const char* key;
    const char* client;  // "" unless auto-whitelisting
    bool pass;
    int64_t retry_after;
    const char* before;
};

struct Case {
    const char* name;
    Policy policy;
    std::vector<Attempt> attempts;
};

inline const Timing kT{.grey_wait = 300, .grey_expire = 4 * H, .white_expire = 7 * D, .white_timeout = 30 * D};
inline const Timing kNoTimeout{.grey_wait = 300, .grey_expire = 4 * H, .white_expire = 7 * D, .white_timeout = 0};
inline const Timing kZeroWait{.grey_wait = 0, .grey_expire = 4 * H, .white_expire = 7 * D, .white_timeout = 0};

#define K "192.0.2.1"
#define TA "192.0.2.0 <a@x.example> <r@y.example>"
#define TB "192.0.2.0 <b@x.example> <r@y.example>"
#define TC "192.0.2.0 <c@x.example> <r@y.example>"
#define CL "192.0.2.0"

// Boundaries (valid at exactly the deadline, expired one second after) are
// separate cases, never consecutive attempts on one key: an entry refreshed at
// exactly its deadline gets the shortest TTL the redis store writes (1 s of
// real time), and no later attempt of a case may depend on how fast it runs.
inline const std::vector<Case> kCases = {
    {"first seen", {kT}, {{0, K, "", false, 300, "new"}}},
    {"early retries stay greylisted, wait counts from the first try",
     {kT}, {{0, K, "", false, 300, "new"}, {100, K, "", false, 200, "greylisted"},
            {299, K, "", false, 1, "greylisted"}, {300, K, "", true, 0, "greylisted"}}},
    {"confirm after grey_wait", {kT}, {{0, K, "", false, 300, "new"}, {1000, K, "", true, 0, "greylisted"}}},
    {"confirm at exactly grey_expire", {kT}, {{0, K, "", false, 300, "new"}, {4 * H, K, "", true, 0, "greylisted"}}},
    {"grey_expire restarts", {kT},
     {{0, K, "", false, 300, "new"}, {4 * H + 1, K, "", false, 300, "grey-expired"},
      {4 * H + 301, K, "", true, 0, "greylisted"}}},
    {"whitelisted entry refreshed by each mail", {kT},
     {{0, K, "", false, 300, "new"}, {300, K, "", true, 0, "greylisted"}, {300 + 6 * D, K, "", true, 0, "whitelisted"},
      {300 + 12 * D, K, "", true, 0, "whitelisted"}, {300 + 19 * D, K, "", true, 0, "whitelisted"}}},
    {"white_expire drops an entry without mail", {kT},
     {{0, K, "", false, 300, "new"}, {300, K, "", true, 0, "greylisted"}, {300 + 7 * D, K, "", true, 0, "whitelisted"},
      {300 + 14 * D + 1, K, "", false, 300, "white-expired"}}},
    {"white_timeout: a busy entry is still whitelisted at exactly its deadline", {kT},
     {{0, K, "", false, 300, "new"}, {300, K, "", true, 0, "greylisted"}, {300 + 6 * D, K, "", true, 0, "whitelisted"},
      {300 + 12 * D, K, "", true, 0, "whitelisted"}, {300 + 18 * D, K, "", true, 0, "whitelisted"},
      {300 + 24 * D, K, "", true, 0, "whitelisted"}, {300 + 30 * D, K, "", true, 0, "whitelisted"}}},
    {"white_timeout sends a busy entry through greylisting again", {kT},
     {{0, K, "", false, 300, "new"}, {300, K, "", true, 0, "greylisted"}, {300 + 6 * D, K, "", true, 0, "whitelisted"},
      {300 + 12 * D, K, "", true, 0, "whitelisted"}, {300 + 18 * D, K, "", true, 0, "whitelisted"},
      {300 + 24 * D, K, "", true, 0, "whitelisted"}, {300 + 30 * D + 1, K, "", false, 300, "white-timeout"},
      {600 + 30 * D + 1, K, "", true, 0, "greylisted"}}},
    {"white_timeout counts from the confirmation, not from the first attempt", {kT},
     {{0, K, "", false, 300, "new"}, {4 * H, K, "", true, 0, "greylisted"}, {4 * H + 6 * D, K, "", true, 0, "whitelisted"},
      {4 * H + 12 * D, K, "", true, 0, "whitelisted"}, {4 * H + 18 * D, K, "", true, 0, "whitelisted"},
      {4 * H + 24 * D, K, "", true, 0, "whitelisted"}, {30 * D + 1, K, "", true, 0, "whitelisted"},
      {4 * H + 30 * D + 1, K, "", false, 300, "white-timeout"}}},
    {"white_expire and white_timeout both past: white-timeout", {kT},
     {{0, K, "", false, 300, "new"}, {300, K, "", true, 0, "greylisted"}, {300 + 31 * D, K, "", false, 300, "white-timeout"}}},
    {"grey_expire counts from the first attempt, not from early retries", {kT},
     {{0, K, "", false, 300, "new"}, {299, K, "", false, 1, "greylisted"}, {4 * H + 1, K, "", false, 300, "grey-expired"}}},
    {"a whitelisted entry passes with no wait and keeps passing", {kT},
     {{0, K, "", false, 300, "new"}, {300, K, "", true, 0, "greylisted"}, {301, K, "", true, 0, "whitelisted"},
      {302, K, "", true, 0, "whitelisted"}}},
    {"white_timeout 0 never expires a busy entry", {kNoTimeout},
     {{0, K, "", false, 300, "new"}, {300, K, "", true, 0, "greylisted"}, {300 + 6 * D, K, "", true, 0, "whitelisted"},
      {300 + 12 * D, K, "", true, 0, "whitelisted"}, {300 + 18 * D, K, "", true, 0, "whitelisted"},
      {300 + 24 * D, K, "", true, 0, "whitelisted"}, {300 + 30 * D, K, "", true, 0, "whitelisted"},
      {300 + 36 * D, K, "", true, 0, "whitelisted"}}},
    {"clock going backwards keeps the first-seen time", {kT},
     {{100, K, "", false, 300, "new"}, {50, K, "", false, 300, "greylisted"}, {400, K, "", true, 0, "greylisted"}}},
    {"grey_wait 0 passes the first retry", {kZeroWait},
     {{0, K, "", false, 0, "new"}, {0, K, "", true, 0, "greylisted"}}},
    {"keys are independent", {kT},
     {{0, TA, "", false, 300, "new"}, {10, TB, "", false, 300, "new"}, {300, TA, "", true, 0, "greylisted"},
      {305, TB, "", false, 5, "greylisted"}}},
    {"auto-whitelist after 2 confirmed triplets", {kT, 2},
     {{0, TA, CL, false, 300, "new"}, {300, TA, CL, true, 0, "greylisted"}, {400, TB, CL, false, 300, "new"},
      {700, TB, CL, true, 0, "greylisted"}, {800, TC, CL, true, 0, "client-whitelisted"},
      {900, TA, CL, true, 0, "client-whitelisted"}}},
    {"auto-whitelist counts only confirmations, not repeated mail", {kT, 2},
     {{0, TA, CL, false, 300, "new"}, {300, TA, CL, true, 0, "greylisted"}, {400, TA, CL, true, 0, "whitelisted"},
      {500, TA, CL, true, 0, "whitelisted"}, {600, TC, CL, false, 300, "new"}}},
    {"auto-whitelist count expires with white_expire", {kT, 2},
     {{0, TA, CL, false, 300, "new"}, {300, TA, CL, true, 0, "greylisted"},
      {300 + 8 * D, TB, CL, false, 300, "new"}, {600 + 8 * D, TB, CL, true, 0, "greylisted"},
      {700 + 8 * D, TC, CL, false, 300, "new"}}},
    {"whitelisted client expires like any whitelisted entry", {kT, 1},
     {{0, TA, CL, false, 300, "new"}, {300, TA, CL, true, 0, "greylisted"}, {400, TB, CL, true, 0, "client-whitelisted"},
      {400 + 7 * D + 1, TC, CL, false, 300, "new"}}},
};

// A map standing in for a store, so the table runs against decide() alone
// (and gives the entries a store must hold after each attempt).
struct Model {
    std::map<std::string, mp::greylist::Entry> m;
    std::optional<mp::greylist::Entry> get(const std::string& k) const {
        auto it = m.find(k);
        return it == m.end() ? std::nullopt : std::optional<mp::greylist::Entry>(it->second);
    }
    mp::greylist::Outcome attempt(const std::string& key, const std::string& client, int64_t now, const Policy& p) {
        auto o = mp::greylist::decide(get(key), client.empty() ? std::nullopt : get(client), !client.empty(), now, p);
        if (o.key_after) m[key] = *o.key_after;
        if (o.client_after) m[client] = *o.client_after;
        return o;
    }
};

#undef K
#undef TA
#undef TB
#undef TC
#undef CL

}  // namespace greycases
