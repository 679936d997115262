// check.hpp: one SPF check (RFC 7208 4) with libspf2 over common/dns. libspf2
// evaluates the record (mechanisms, macros, include/redirect, the limit of
// 10 DNS-querying terms, exp=); Layer (dnslayer.hpp) answers its queries.
// Each check builds its own SPF_server_t (libspf2 documents no thread
// safety for a shared one; building one costs microseconds next to DNS).
// Results are kept in a ResultCache (cache.hpp) shared by every session of
// the Engine: looked up and stored under a short lock, never held while a
// check waits for DNS (two sessions may then check the same thing at once;
// both store the same result).
// Guarantees: returns within `timeout` of its start (every query shares one
// deadline; a late answer is TempError); never throws; any libspf2 error is a
// result (permerror or temperror), never a crash.
#pragma once
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "dns/resolver.hpp"
#include "spf/cache.hpp"
#include "spf/result.hpp"

namespace mp::spf {

struct Query {
    std::string ip;      // client address: "192.0.2.1", "2001:db8::1" or "IPv6:2001:db8::1"
    std::string helo;    // HELO/EHLO argument
    std::string sender;  // MAIL FROM address without <>, "" for the null sender
};

class Checker {
public:
    // `receiver`: our host name, for Received-SPF and the %{r} macro.
    Checker(std::shared_ptr<dns::Resolver> resolver, std::string receiver, std::chrono::seconds timeout,
            CacheLimits cache = {});

    // The MAIL FROM identity; for the null sender the HELO identity
    // ("postmaster@HELO", RFC 7208 2.4).
    Outcome mail_from(const Query& q) const;
    // The HELO identity alone (RFC 7208 2.3).
    Outcome helo(const Query& q) const;

private:
    Outcome run(const Query& q, Identity id) const;
    Outcome evaluate(Outcome out, const Query& q, Trace& trace) const;
    Outcome amend(Outcome out, class Layer& layer, const Query& q) const;
    std::optional<Cached> lookup(const CacheQuery& k) const;
    void keep(const CacheQuery& k, const Trace& t, const Outcome& out) const;

    std::shared_ptr<dns::Resolver> resolver_;
    std::string receiver_;
    std::chrono::seconds timeout_;
    mutable std::mutex cache_mutex_;
    mutable ResultCache cache_;
};

}  // namespace mp::spf
