// check.cpp: see check.hpp.
#include "protrcpt/check.hpp"

#include <algorithm>

#include "maps/lookup_order.hpp"
#include "util/strings.hpp"

namespace mp::protrcpt {

namespace {

using access::Restriction;

bool enabled(const Options& o, Restriction::Kind k) {
    return k == Restriction::Kind::CltAddr ? o.allow_by_client_ip : o.allow_by_sender;
}

// Does the pattern (a from: address or a list member) accept this sender?
bool sender_matches(const Options& o, char delimiter, const std::string& pattern, std::string_view sender) {
    std::string s = util::lower(util::strip_angles(util::trim(sender)));
    if (s.empty()) return false;
    if (o.match == MatchType::Exact) return s == pattern;
    maps::AddressOrder order{delimiter, true, o.match == MatchType::ImplicitDetail};
    auto keys = maps::address_keys(s, order);
    return std::find(keys.begin(), keys.end(), pattern) != keys.end();
}

bool addr_matches(const Options& o, const util::Network& net, std::string_view client) {
    auto ip = util::IpAddr::parse(util::trim(client));
    if (!ip) return false;
    if (o.match == MatchType::Exact) return net.prefix == ip->bits() && net.addr == *ip;
    return net.contains(*ip);
}

bool matches(const Options& o, const access::AccessMap& map, const maps::AliasMap* aliases, const Restriction& r,
             const Facts& f) {
    if (!enabled(o, r.kind)) return false;
    char delim = map.options().delimiter;
    switch (r.kind) {
        case Restriction::Kind::From: return sender_matches(o, delim, r.address, f.sender);
        case Restriction::Kind::CltAddr: return addr_matches(o, r.net, f.client_addr);
        case Restriction::Kind::List: {
            const maps::Alias* a = aliases ? aliases->find_address(r.address) : nullptr;
            if (!a) return false;
            return std::any_of(a->members.begin(), a->members.end(),
                               [&](const std::string& m) { return sender_matches(o, delim, m, f.sender); });
        }
    }
    return false;
}

}  // namespace

access::Decision check(const Options& opts, const access::AccessMap& map, const maps::AliasMap* aliases,
                       const access::Flags& flags, const Facts& facts) {
    access::Decision d;
    auto entry = map.lookup(access::Tag::ProtectedRcpt, util::strip_angles(util::trim(facts.rcpt)));
    if (!entry) return d;
    d.stage = "rcpt";
    for (const auto& r : entry->restrictions) {
        if (matches(opts, map, aliases, r, facts)) {
            d.matched = entry->log() + "\tallowed by " + r.written;
            return d;
        }
    }
    d = access::reject_decision(opts.reply, flags);
    d.matched = entry->log();
    d.stage = "rcpt";
    return d;
}

std::vector<std::string> lint(const Options& opts, const access::AccessMap& map, const maps::AliasMap* aliases) {
    std::vector<std::string> out;
    for (const auto& e : map.entries(access::Tag::ProtectedRcpt)) {
        std::string at = map.options().file + ":" + std::to_string(e.line) + ": " + e.lhs + ": ";
        for (const auto& r : e.restrictions) {
            if (!enabled(opts, r.kind))
                out.push_back(at + r.written + " is ignored: allow_by lacks " +
                              (r.kind == Restriction::Kind::CltAddr ? "client_ip" : "sender"));
            else if (r.kind == Restriction::Kind::List && (!aliases || !aliases->find_address(r.address)))
                out.push_back(at + r.written + ": no such alias");
            else if (r.kind == Restriction::Kind::CltAddr && opts.match == MatchType::Exact &&
                     r.net.prefix != r.net.addr.bits())
                out.push_back(at + r.written + " is a network: it matches only with match_type generic_lookup");
        }
    }
    return out;
}

}  // namespace mp::protrcpt
