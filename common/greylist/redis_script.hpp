// redis_script.hpp: the greylisting state machine of state.hpp as a Lua
// script for redis-server, so that one decision is one atomic round trip
// shared by every MX host using the same redis.
//   EVALSHA sha 1|2 KEY [CLIENT] now grey_wait grey_expire white_expire white_timeout awl_count
//   -> { pass (0/1), retry_after, before-name, key entry text or "", client entry text or "" }
// Time: the caller's clock (`now` argument), not redis TIME: the decision is
// then the same function of the same inputs as the LMDB store's (one test
// table for both, injected clocks) and TIME inside scripts would tie
// correctness to the redis host's clock instead. MX hosts sharing one redis
// must run NTP; a skew of s seconds moves each host's view of grey_wait by s.
// Expiry: each write sets the entry's TTL to its deadline (SET ... PX), so
// redis drops unconfirmed and stale entries itself; the script still checks
// deadlines, so correctness never depends on when redis expires a key.
#pragma once
#include <string_view>

namespace mp::greylist {

extern const std::string_view kRedisScript;

}  // namespace mp::greylist
