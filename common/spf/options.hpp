// options.hpp: the `spf` section and the decision it drives (pure, tested):
//
//   spf {
//       mail = yes;  helo = no;           # identities checked at MAIL
//       on_fail = reject; on_softfail = continue; on_neutral = continue;
//       on_none = continue; on_temperror = tempfail; on_permerror = continue;
//       reply = "550 5.7.23 %e";          # %e: the explanation (exp=), %d: the domain
//       permerror_reply = "550 5.7.24 SPF record of %d is invalid";
//       tempfail_reply = "451 4.7.24 SPF check of %d failed temporarily";
//       timeout = 5s;                      # one check, all of its DNS queries
//       skip_authenticated = yes;          # SMTP AUTH clients are not checked
//       skip_networks = { 127.0.0.0/8, ::1 };
//       received_spf = yes;                # Received-SPF header at end of data
//       receiver = "mx.example.org";       # our name in headers; default: the host name
//       cache_size = 10000; cache_max_ttl = 1h;  # result cache (cache.hpp); 0: off
//   }
// For the null sender the MAIL check is the HELO identity (RFC 7208 2.4).
// With helo = yes, a HELO fail decides at MAIL by on_fail, otherwise the
// MAIL FROM result decides (RFC 7208 2.3: the HELO check is optional).
#pragma once
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "config/table.hpp"
#include "spf/cache.hpp"
#include "spf/result.hpp"
#include "util/net.hpp"
#include "verdict/verdict.hpp"

namespace mp::spf {

enum class Action { Continue, Reject, Tempfail };

struct Options {
    bool mail = true;
    bool helo = false;
    Action on_pass = Action::Continue;
    Action on_fail = Action::Reject;
    Action on_softfail = Action::Continue;
    Action on_neutral = Action::Continue;
    Action on_none = Action::Continue;
    Action on_temperror = Action::Tempfail;
    Action on_permerror = Action::Continue;
    verdict::Reply reply{"550", "5.7.23", "%e"};
    verdict::Reply permerror_reply{"550", "5.7.24", "SPF record of %d is invalid"};
    verdict::Reply tempfail_reply{"451", "4.7.24", "SPF check of %d failed temporarily"};
    std::chrono::seconds timeout{5};
    bool skip_authenticated = true;
    std::vector<util::Network> skip_networks;
    bool received_spf = true;
    std::string receiver;  // "" until Engine fills in the host name
    uint32_t cache_size = 10000;
    std::chrono::seconds cache_max_ttl{3600};

    CacheLimits cache_limits() const { return {cache_size, uint32_t(cache_max_ttl.count())}; }
};

const config::Table<Options>& table();

// Why this client is not checked, or nullopt when it is.
std::optional<std::string> skip_reason(const Options& o, const std::string& client_ip, bool authenticated);
// The verdict for an outcome: the action of its result, the reply with %e
// and %d replaced, and the reason "spf RESULT (identity=... comment)".
verdict::Verdict decide(const Options& o, const Outcome& out);
Action action_for(const Options& o, Status r);

}  // namespace mp::spf
