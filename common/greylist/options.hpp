// options.hpp: everything greylisting can be told, as one plain struct, and
// the option tables that read it from the configuration file:
//
//   greylisting {
//       grey_wait = 5m; grey_expire = 2d; white_expire = 35d; white_timeout = 0;
//       netmask = 0xFFFFFFFF; ipv6_prefix = 64; key = client_ip;  # or triplet
//       expire_limit = 10000; auto_whitelist_count = 5;
//       store = lmdb;           # or journal, redis
//       on_store_error = tempfail;  # or accept
//       reply = "451 4.7.1 Greylisted, please try again in %r seconds";
//       flags = { delay_greylisting_error_until_DATA };
//       add_header = no;        # X-Greylist: as milter-greylist writes it
//       hostname = "mx.example.org";  # its host; default: the MTA's {j} macro
//       skip_spf_pass_from = "file:/etc/milterpack/spf-pass-domains";  # off by default
//       lmdb { path = "/var/lib/milterpack/greylist"; map_size = 64MB; max_map_size = 1GB;
//              sync = periodic; sync_interval = 1s; queue = 1024; timeout = 5s; }
//       journal { path = "/var/lib/milterpack/greylist-journal"; sync = full; journal_size = 64MB; }
//       redis { address = 127.0.0.1; port = 6379; db = 0; timeout = 1s; prefix = "mpgrey:"; pool_size = 4; }
//   }
//
// The store sections live inside `greylisting` (they configure its store only).
// delay_greylisting_error_until_DATA is a flag of the greylisting section (in
// sendmail X it is an smtps flag); the adapter answers the RCPT with continue
// and the DATA with the greylisting reply. The core logic only sees Options;
// the tables bind each option to its member (config/table.hpp), and
// options_from() is the single place that reads the parsed file.
#pragma once
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "config/config.hpp"
#include "config/table.hpp"
#include "greylist/key.hpp"
#include "greylist/state.hpp"
#include "util/result.hpp"
#include "verdict/reply.hpp"

namespace mp::greylist {

enum class StoreKind { Lmdb, Redis, Journal };
enum class OnError { Tempfail, Accept };

struct LmdbOptions {
    std::string path = "/var/lib/milterpack/greylist";  // a directory; created if missing
    uint64_t map_size = 64ull << 20;       // initial map size
    uint64_t max_map_size = 1ull << 30;    // the map grows up to this on MDB_MAP_FULL
    // full: fsync data and meta page at each commit (survives power loss);
    // meta: MDB_NOMETASYNC, the last commits may be lost in an OS crash;
    // periodic: MDB_NOSYNC and an mdb_env_sync every sync_interval from a
    // background thread: an OS crash loses at most the last sync_interval;
    // none: MDB_NOSYNC, the OS writes back when it likes. All four survive a
    // crash or kill -9 of milterpack itself: the commit is done before the reply.
    // Every mode commits concurrent decisions together (group commit: one
    // transaction and one sync per batch).
    enum class Sync { Full, Meta, None, Periodic } sync = Sync::Periodic;
    std::chrono::seconds sync_interval{1};  // periodic: the longest time between syncs
    uint32_t queue = 1024;                  // decisions waiting for or in a commit, at most
    std::chrono::seconds timeout{5};        // the longest a decision waits for its commit
};

// The journal store (journal_store.hpp): entries in memory, every change
// appended to a preallocated journal file, one fdatasync per group commit.
struct JournalOptions {
    std::string path = "/var/lib/milterpack/greylist-journal";  // a directory; created if missing
    // full: fdatasync before the reply (survives power loss); periodic: every
    // sync_interval from a background thread; none: the OS writes back. All
    // three survive a crash or kill -9 of milterpack itself.
    enum class Sync { Full, Periodic, None } sync = Sync::Full;
    std::chrono::seconds sync_interval{1};
    uint64_t journal_size = 64ull << 20;  // preallocated; when full, a snapshot starts the next one
    uint32_t queue = 1024;
    std::chrono::seconds timeout{5};
};

struct RedisOptions {
    std::string address = "127.0.0.1";
    int port = 6379;
    std::string path;      // unix socket; wins over address/port when set
    std::string password;  // AUTH when set
    int db = 0;            // SELECT
    std::chrono::seconds timeout{1};  // one operation: pool wait, connect and command together
    std::string prefix = "mpgrey:";
    int pool_size = 4;
};

// What the reply to a greylisted RCPT may be: a 4yz code, an enhanced code of
// the same class and a text ("451 4.7.1 text"); %r in the text is replaced by
// the seconds until a retry can pass (reply_text).
inline constexpr verdict::ReplyRules reply_rules{
    .accept = verdict::ReplyRules::Class::Temporary, .xcode_required = true, .text_required = true};

struct Options {
    Timing timing;
    uint64_t expire_limit = 10000;
    KeyOptions key;
    uint32_t auto_whitelist_count = 5;  // triplet mode only; 0 = off
    StoreKind store = StoreKind::Lmdb;
    OnError on_store_error = OnError::Tempfail;
    verdict::Reply reply{"451", "4.7.1", "Greylisted, please try again in %r seconds"};
    bool delay_until_data = false;  // flag delay_greylisting_error_until_DATA
    bool add_header = false;        // X-Greylist: on messages that went through (greylist/header.hpp)
    std::string hostname;           // in X-Greylist; empty: the MTA's {j}, else the system's name
    std::string skip_spf_pass_from;  // "file:PATH" or ""; read by policy/auth (spf/passlist.hpp)
    LmdbOptions lmdb;
    JournalOptions journal;
    RedisOptions redis;

    Policy policy() const { return {timing, key.mode == KeyMode::Triplet ? auto_whitelist_count : 0}; }
};

// Options built in code against the tables' bounds and rules (grey_wait <
// grey_expire, ...), as "section: message".
Result<void> validate(const Options& o);
// The reply text with %r expanded.
std::string reply_text(const verdict::Reply& r, std::chrono::seconds retry_after);

const config::Table<Options>& table();             // "greylisting"; has lmdb and redis as subsections
const config::Table<LmdbOptions>& lmdb_table();    // "lmdb"
const config::Table<JournalOptions>& journal_table();  // "journal"
const config::Table<RedisOptions>& redis_table();  // "redis"

// Read a parsed `greylisting` section (defaults applied by config) and check its rules.
Result<Options, config::Diagnostic> options_from(const config::Section& s);

}  // namespace mp::greylist
