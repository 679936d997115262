// greylister.hpp: the entry point of greylisting. The adapter calls check()
// once per RCPT that passed every other check (sendmail X README 3.9.4: only valid
// recipients reach greylisting; clients the access map marks ok/relay and
// authenticated relay clients skip it):
//
//   auto g = Greylister::create(opts);            // once, at (re)load
//   auto d = (*g)->check({client, sender, rcpt, system_clock::now()});
//   if (!d)  -> log d.error().message; opts.on_store_error decides (tempfail|accept)
//   else if (d->result == Decision::Greylisted)
//        -> tempfail with opts.reply (code, xcode, reply_text(opts.reply, d->retry_after)),
//           at RCPT, or at DATA when opts.delay_until_data
//
// Thread-safe: one Greylister serves all libmilter worker threads. Each
// check() is one atomic store operation whose write is done (durable for
// lmdb) when it returns. Admin methods back `milterpack greylist ...`.
#pragma once
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "greylist/options.hpp"
#include "greylist/store.hpp"
#include "util/net.hpp"
#include "util/result.hpp"

namespace mp::greylist {

struct Request {
    util::IpAddr client;
    std::string sender;  // envelope sender as given, "<>" or "" for the null sender
    std::string rcpt;
    std::chrono::system_clock::time_point now;
};

struct Decision {
    enum Kind { Pass, Greylisted } result = Greylisted;
    std::chrono::seconds retry_after{0};  // 0 when Pass
    std::string key;
    std::string state_before;  // before_name(): new, greylisted, whitelisted, grey-expired, ...
    // A pass that confirmed a greylisted entry: the time since its first
    // attempt (the X-Greylist "Delayed for"); 0 otherwise.
    std::chrono::seconds delayed{0};
};

struct Record {
    std::string key;
    Entry entry;
};

struct Stats {
    uint64_t entries = 0;  // as the store counts them
    uint64_t greylisted = 0, whitelisted = 0, counting = 0;
    uint64_t expired = 0;  // still stored but past their deadline
    std::string store;     // store detail: sizes, memory
};

class Greylister {
public:
    // Opens the configured store (lmdb: the environment; redis: lazily).
    static Result<std::unique_ptr<Greylister>> create(const Options& o);
    Greylister(const Options& o, std::shared_ptr<Store> store) : o_(o), store_(std::move(store)) {}
    // A Greylister with new options on this one's store, for a reload that
    // keeps the store (LMDB allows one environment per path per process).
    std::unique_ptr<Greylister> with_options(const Options& o) const {
        return std::make_unique<Greylister>(o, store_);
    }
    // Two option sets that name the same store (same LMDB path or Redis server and db).
    static bool same_store(const Options& a, const Options& b);

    Result<Decision> check(const Request& r);
    const Options& options() const { return o_; }
    // The key check() would use; the client auto-whitelist key is client_key().
    std::string key_for(const util::IpAddr& client, std::string_view sender, std::string_view rcpt) const;

    Result<std::vector<Record>> list();
    Result<std::optional<Entry>> show(const std::string& key);
    // Whitelist `key` now (a client key whitelists the client in triplet mode too).
    Result<void> whitelist(const std::string& key, std::chrono::system_clock::time_point now);
    Result<bool> remove(const std::string& key);
    Result<Stats> stats(std::chrono::system_clock::time_point now);
    // Entries in the store as it counts them (cheap: the metrics gauge).
    Result<uint64_t> size();
    // Full expiry pass (lmdb; redis expires by TTL and returns 0).
    Result<uint64_t> expire(std::chrono::system_clock::time_point now);

private:
    Options o_;
    std::shared_ptr<Store> store_;
};

// The text `milterpack greylist ...` prints. One line per entry:
//   KEY<TAB>STATE<TAB>first=... last=... whitelisted=... count=N expires=...
// times in UTC as 2024-05-01T12:00:00Z; "(expired)" after entries past their deadline.
std::string format_time(int64_t t);
std::string format_entry(const std::string& key, const Entry& e, int64_t now, const Timing& t);
std::string format_list(const std::vector<Record>& records, int64_t now, const Timing& t);
std::string format_stats(const Stats& s);

}  // namespace mp::greylist
