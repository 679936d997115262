// check.hpp: DMARC for one message (RFC 7489): the policy record of the
// From domain, else of its organizational domain (libpsl: the public suffix
// list compiled into Debian's libpsl5), evaluated by record.hpp, and the
// verdict the dmarc section gives it:
//
//   dmarc {
//       on_reject = reject;         # p=reject failures: reject | quarantine | continue
//       on_quarantine = quarantine; # p=quarantine failures: quarantine | continue
//       on_temperror = continue;    # record lookup failed: continue | tempfail
//       reply = "550 5.7.1 Rejected by the DMARC policy of %d";
//       timeout = 5s;
//   }
// p=none is never acted on. A message with no or several From: domains is
// permerror (RFC 7489 6.6.1) and goes on.
#pragma once
#include <chrono>
#include <memory>
#include <string>

#include "config/table.hpp"
#include "dmarc/record.hpp"
#include "dns/resolver.hpp"
#include "verdict/verdict.hpp"

namespace mp::dmarc {

enum class Action { Continue, Reject, Quarantine, Tempfail };

struct Options {
    Action on_reject = Action::Reject;
    Action on_quarantine = Action::Quarantine;
    Action on_temperror = Action::Continue;
    verdict::Reply reply{"550", "5.7.1", "Rejected by the DMARC policy of %d"};
    std::chrono::seconds timeout{5};
};

const config::Table<Options>& table();

// The organizational domain (RFC 7489 3.2) of a lowercase domain.
std::string org_domain(const std::string& domain);

// `sample`: the message's draw in [0,100) for pct.
Outcome check(dns::Resolver& resolver, const Identifiers& ids, int sample, std::chrono::seconds timeout);

verdict::Verdict decide(const Options& o, const Outcome& out);

}  // namespace mp::dmarc
