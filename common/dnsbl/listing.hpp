// listing.hpp: what the DNS lists said about one client, as plain values the
// rules read (rules/ruleset.hpp Facts) without knowing how they were asked.
// A session keeps the listings of its client from connect to the end.
#pragma once
#include <string>
#include <vector>

namespace mp::dnsbl {

// dnsbl sections list clients to refuse or delay, dnswl sections clients to trust.
enum class Kind { Block, Allow };

struct Listing {
    std::string label;  // the dnsbl/dnswl section's label
    Kind kind = Kind::Block;
    std::string a;     // the A record that matched, "127.0.0.2"
    std::string text;  // the TXT record when fetched, else the A record (a rule's %t)
};

// Only the lists the client is on; a list that failed or timed out is absent.
using Listings = std::vector<Listing>;

}  // namespace mp::dnsbl
