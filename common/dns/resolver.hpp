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
// deadline). start() sends the query and returns at once: a Lookup, waited
// for later (DKIM starts a key's query when its DKIM-Signature field
// arrives, and collects the answer at end of data), with the same bounds:
// Lookup::wait(d) returns by min(start + query_timeout, start's deadline, d).
// The query runs on libunbound's worker thread and a dispatcher thread
// delivers results; a waiter whose time is up cancels its query and returns
// TempError. Answers go through the Cache (cache.hpp) first, and into it
// when they arrive, waited for or not.
// Guarantees: thread-safe (a Lookup belongs to one thread at a time); never
// throws; a Lookup dropped unwaited cancels its query; nothing is started
// before the first query (so a daemon can fork and drop privileges first).
#pragma once
#include <memory>
#include <optional>
#include <string_view>

#include "dns/options.hpp"
#include "dns/types.hpp"
#include "util/result.hpp"

namespace mp::dns {

class Lookup;

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
    Lookup() = default;
    Lookup(Lookup&& o) noexcept { *this = std::move(o); }
    Lookup& operator=(Lookup&& o) noexcept;
    Lookup(const Lookup&) = delete;
    Lookup& operator=(const Lookup&) = delete;
    ~Lookup() { cancel(); }

    bool started() const { return impl_ || answer_; }
    // The answer, or TempError at min(the query's own end, deadline). Once:
    // afterwards the Lookup is empty (started() false).
    Answer wait(Deadline deadline);
    void cancel();

private:
    friend class Resolver;
    explicit Lookup(Answer known) : answer_(std::move(known)) {}
    Resolver::Impl* impl_ = nullptr;  // set while the query runs
    uint64_t id_ = 0;
    int async_id_ = 0;
    Deadline until_{};               // start + query_timeout, capped by start's deadline
    std::optional<Answer> answer_;   // known at start: a cache hit or a local error
};

}  // namespace mp::dns
