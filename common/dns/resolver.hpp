// resolver.hpp: the one DNS resolver of milterpack (SPF, DKIM keys, DMARC,
// DNS lists): a forwarding stub that sends every query to the configured
// servers (a site's recursive resolvers, a test's nsd) and nowhere else.
// Messages are built and parsed by ldns (wire.hpp); the transport is
// exchange.hpp's: each query on sockets of its own, driven by the thread that
// waits for it. Why not a resolver library's own threads (libunbound's
// threaded mode was used before): each query and each answer then crossed two
// more threads, 58-85 us per query to a loopback server whose round trip is
// 10 us (bench/auth: auth_bench dns), and a cold DKIM check is one such query
// per message.
//
// How it is used: an Engine owns one Resolver (shared_ptr); a check computes
// its Deadline once and passes it to every query(). query() blocks the
// calling thread (a libmilter worker) at most until min(now + query_timeout,
// deadline). start() sends the query and returns at once: a Lookup, waited
// for later (DKIM starts a key's query when its DKIM-Signature field
// arrives, and collects the answer at end of data; the answer waits in the
// Lookup's socket meanwhile), with the same bounds: Lookup::wait(d) returns
// by min(start + query_timeout, start's deadline, d). Answers come from the
// Cache (cache.hpp) first and go into it when a wait collects them.
// Guarantees: thread-safe (a Lookup belongs to one thread at a time); never
// throws; no thread of its own; a Lookup dropped unwaited abandons its query
// (its sockets close).
#pragma once
#include <memory>
#include <optional>
#include <string_view>

#include "dns/options.hpp"
#include "dns/types.hpp"
#include "util/result.hpp"

namespace mp::dns {

class Lookup;
class Exchange;

class Resolver {
public:
    // Validates the options and reads resolv_conf when no servers are given.
    static Result<std::shared_ptr<Resolver>> create(const Options& options);
    ~Resolver();
    Resolver(const Resolver&) = delete;
    Resolver& operator=(const Resolver&) = delete;

    Answer query(std::string_view name, Type type, Deadline deadline);
    // The query sent (or answered from the cache) now; must not outlive the Resolver.
    Lookup start(std::string_view name, Type type, Deadline deadline);
    const std::vector<std::string>& servers() const;

    struct Impl;

private:
    explicit Resolver(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

// One query in flight, like a future: wait() once for its Answer. Move-only;
// its destructor (or cancel()) abandons a query still running.
class Lookup {
public:
    Lookup();
    Lookup(Lookup&& o) noexcept;
    Lookup& operator=(Lookup&& o) noexcept;
    Lookup(const Lookup&) = delete;
    Lookup& operator=(const Lookup&) = delete;
    ~Lookup();

    bool started() const { return exchange_ || answer_; }
    // The answer, or TempError at min(the query's own end, deadline). Once:
    // afterwards the Lookup is empty (started() false).
    Answer wait(Deadline deadline);
    void cancel();

private:
    friend class Resolver;
    explicit Lookup(Answer known);
    Resolver::Impl* impl_ = nullptr;
    std::unique_ptr<Exchange> exchange_;  // set while the query runs
    Deadline until_{};                    // start + query_timeout, capped by start's deadline
    std::optional<Answer> answer_;        // known at start: a cache hit or a local error
};

}  // namespace mp::dns
