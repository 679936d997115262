// listed.hpp: the DNS list matchers of a rule, `dnsbl = { LABEL, ... }` and
// `dnswl = ...`, over the listings the session got at connect
// (dnsbl/listing.hpp). A list that failed or timed out left no listing, so
// it never matches: DNS trouble never rejects or delays mail.
#pragma once
#include <string>
#include <vector>

#include "dnsbl/listing.hpp"

namespace mp::rules {

// The first listing of `kind` whose label is in `labels`, null when the
// client is on none of them (or nothing was asked).
const dnsbl::Listing* listed_on(const std::vector<std::string>& labels, dnsbl::Kind kind,
                                const dnsbl::Listings* listings);

}  // namespace mp::rules
