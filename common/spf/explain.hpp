// explain.hpp: the explanation of an SPF fail (RFC 7208 6.2): the exp=
// modifier of the record that failed (following redirect=, not include:),
// its TXT record fetched through common/dns and macro-expanded (macro.hpp).
// Any problem on the way (no exp=, no TXT, several TXT, a bad macro, DNS
// failure) gives the default explanation, as RFC 7208 6.2 requires.
#pragma once
#include <string>

#include "dns/resolver.hpp"
#include "spf/cache.hpp"
#include "spf/macro.hpp"

namespace mp::spf {

inline constexpr const char* default_explanation = "%{d} does not designate %{i} as permitted sender";

// `v.domain` is the checked domain; the result is never empty. The answers
// and texts read go into `trace` (what a cached fail depends on).
std::string explanation(dns::Resolver& resolver, dns::Deadline deadline, Vars v, Trace& trace);

// The value of modifier `name` ("exp", "redirect") in an SPF record, "" if absent.
std::string modifier(std::string_view record, std::string_view name);

}  // namespace mp::spf
