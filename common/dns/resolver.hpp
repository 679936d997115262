// resolver.hpp: the one DNS resolver of milterpack (SPF, DKIM keys, DMARC,
// later DNSBLs). Built on libunbound, chosen over c-ares and ldns because it
// is a maintained, widely deployed resolver library (Debian's libunbound8)
// with an asynchronous API, its own retransmission and server selection, a
// result type that carries parsed rdata with TTLs and the rcode, and
// DNSSEC validation available later without changing callers. It runs as a
// forwarding stub: every query goes to the configured servers only.
//
// How it is used: an Engine owns one Resolver (shared_ptr); a check computes
// its Deadline once and passes it to every query(). query() blocks the
// calling thread (a libmilter worker) at most until min(now + query_timeout,
// deadline): the query runs on libunbound's worker thread and a dispatcher
// thread delivers results; a waiter whose time is up cancels its query and
// returns TempError. Answers go through the Cache (cache.hpp) first.
// Guarantees: thread-safe; never throws; nothing is started before the
// first query (so a daemon can fork and drop privileges first).
#pragma once
#include <memory>
#include <string_view>

#include "dns/options.hpp"
#include "dns/types.hpp"
#include "util/result.hpp"

namespace mp::dns {

class Resolver {
public:
    // Validates the options and reads resolv_conf when no servers are given.
    static Result<std::shared_ptr<Resolver>> create(const Options& options);
    ~Resolver();
    Resolver(const Resolver&) = delete;
    Resolver& operator=(const Resolver&) = delete;

    Answer query(std::string_view name, Type type, Deadline deadline);
    const std::vector<std::string>& servers() const;

    struct Impl;

private:
    explicit Resolver(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace mp::dns
