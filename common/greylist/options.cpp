// options.cpp: the greylisting option tables, each row bound to its member of
// Options, and the rules between options. Defaults follow mature greylisters
// where the sendmail X README gives none: postgrey's 5 minute delay, 2 day
// retry window and 35 day whitelist lifetime.
#include "greylist/options.hpp"

namespace mp::greylist {

namespace {

using config::Type;
constexpr int64_t kDay = 86400;

}  // namespace

const config::Table<LmdbOptions>& lmdb_table() {
    using O = LmdbOptions;
    static const config::Table<O> t{{
        .name = "lmdb",
        .doc = "embedded greylisting store (LMDB); processes on one host may share the directory",
        .rows = {
            {.name = "path", .type = Type::String, .def = "\"/var/lib/milterpack/greylist\"", .to = config::to<&O::path>(),
             .doc = "directory holding data.mdb and lock.mdb; created if missing"},
            {.name = "map_size", .type = Type::Size, .def = "64MB", .min = 1 << 20, .max = int64_t(1) << 40,
             .to = config::to<&O::map_size>(), .doc = "initial size of the memory map (LMDB's upper bound on the data)"},
            {.name = "max_map_size", .type = Type::Size, .def = "1GB", .min = 1 << 20, .max = int64_t(1) << 40,
             .to = config::to<&O::max_map_size>(),
             .doc = "when the map is full it doubles, up to this size; beyond it on_store_error applies"},
            {.name = "sync", .type = Type::Enum, .def = "periodic",
             .to = config::one_of<&O::sync>({{"full", O::Sync::Full}, {"meta", O::Sync::Meta},
                                             {"periodic", O::Sync::Periodic}, {"none", O::Sync::None}}),
             .doc = "full: fsync at each commit (survives power loss); periodic: fsync every sync_interval "
                    "(power loss loses at most that); meta, none: survive process crashes only"},
            {.name = "sync_interval", .type = Type::Time, .def = "1s", .min = 1, .max = 300,
             .to = config::to<&O::sync_interval>(),
             .doc = "sync = periodic: the longest time between two syncs to disk"},
            {.name = "queue", .type = Type::Int, .def = "1024", .min = 1, .max = 65536, .to = config::to<&O::queue>(),
             .doc = "decisions waiting for or in a commit (group commit); beyond it on_store_error applies"},
            {.name = "timeout", .type = Type::Time, .def = "5s", .min = 1, .max = 60, .to = config::to<&O::timeout>(),
             .doc = "the longest a decision waits for its commit; then on_store_error applies"},
        },
        .rules = {
            {.options = {"map_size", "max_map_size"}, .message = "max_map_size must be at least map_size",
             .holds = [](const O& o) { return o.max_map_size >= o.map_size; }},
            {.options = {"path"}, .message = "path must not be empty", .holds = [](const O& o) { return !o.path.empty(); }},
        },
    }};
    return t;
}

const config::Table<JournalOptions>& journal_table() {
    using O = JournalOptions;
    static const config::Table<O> t{{
        .name = "journal",
        .doc = "embedded greylisting store: entries in memory, changes appended to a journal file; one process",
        .rows = {
            {.name = "path", .type = Type::String, .def = "\"/var/lib/milterpack/greylist-journal\"",
             .to = config::to<&O::path>(), .doc = "directory holding snapshot.N, journal.N and lock; created if missing"},
            {.name = "sync", .type = Type::Enum, .def = "full",
             .to = config::one_of<&O::sync>({{"full", O::Sync::Full}, {"periodic", O::Sync::Periodic},
                                             {"none", O::Sync::None}}),
             .doc = "full: fdatasync before the reply (survives power loss); periodic: every sync_interval; "
                    "none: survive process crashes only"},
            {.name = "sync_interval", .type = Type::Time, .def = "1s", .min = 1, .max = 300,
             .to = config::to<&O::sync_interval>(), .doc = "sync = periodic: the longest time between two syncs"},
            {.name = "journal_size", .type = Type::Size, .def = "64MB", .min = 1 << 20, .max = int64_t(1) << 34,
             .to = config::to<&O::journal_size>(),
             .doc = "preallocated journal file; when it is full the live entries are written to a snapshot"},
            {.name = "queue", .type = Type::Int, .def = "1024", .min = 1, .max = 65536, .to = config::to<&O::queue>(),
             .doc = "decisions waiting for or in a commit (group commit); beyond it on_store_error applies"},
            {.name = "timeout", .type = Type::Time, .def = "5s", .min = 1, .max = 60, .to = config::to<&O::timeout>(),
             .doc = "the longest a decision waits for its commit; then on_store_error applies"},
        },
        .rules = {
            {.options = {"path"}, .message = "path must not be empty", .holds = [](const O& o) { return !o.path.empty(); }},
        },
    }};
    return t;
}

const config::Table<RedisOptions>& redis_table() {
    using O = RedisOptions;
    static const config::Table<O> t{{
        .name = "redis",
        .doc = "shared greylisting store: one redis-server for several MX hosts",
        .rows = {
            {.name = "address", .type = Type::String, .def = "127.0.0.1", .to = config::to<&O::address>(),
             .doc = "redis-server address (IP or name)"},
            {.name = "port", .type = Type::Int, .def = "6379", .min = 1, .max = 65535, .to = config::to<&O::port>(),
             .doc = "redis-server TCP port"},
            {.name = "path", .type = Type::String, .to = config::to<&O::path>(),
             .doc = "unix socket of redis-server; used instead of address/port"},
            {.name = "password", .type = Type::String, .to = config::to<&O::password>(),
             .doc = "sent with AUTH after connecting"},
            {.name = "db", .type = Type::Int, .def = "0", .min = 0, .max = 1023, .to = config::to<&O::db>(),
             .doc = "database number (SELECT)"},
            {.name = "timeout", .type = Type::Time, .def = "1s", .min = 1, .max = 60, .to = config::to<&O::timeout>(),
             .doc = "bound on one decision: waiting for a pooled connection, connecting and the command(s) together"},
            {.name = "prefix", .type = Type::String, .def = "\"mpgrey:\"", .to = config::to<&O::prefix>(),
             .doc = "prefix of every key written"},
            {.name = "pool_size", .type = Type::Int, .def = "4", .min = 1, .max = 256, .to = config::to<&O::pool_size>(),
             .doc = "connections kept open, shared by the milter's worker threads"},
        },
    }};
    return t;
}

const config::Table<Options>& table() {
    using O = Options;
    static const config::Table<O> t{{
        .name = "greylisting",
        .doc = "greylisting at RCPT (sendmail X README 3.9.4), keyed by client address or triplet",
        .rows = {
            {.name = "grey_wait", .type = Type::Time, .def = "5m", .min = 0, .max = 7 * kDay,
             .to = config::to<&O::timing, &Timing::grey_wait>(),
             .doc = "how long before a greylisted entry can be confirmed by a retry"},
            {.name = "grey_expire", .type = Type::Time, .def = "2d", .min = 1, .max = 60 * kDay,
             .to = config::to<&O::timing, &Timing::grey_expire>(),
             .doc = "a greylisted entry not confirmed within this time (since first seen) starts over"},
            {.name = "white_expire", .type = Type::Time, .def = "35d", .min = 1, .max = 3650 * kDay,
             .to = config::to<&O::timing, &Timing::white_expire>(),
             .doc = "a whitelisted entry without mail for this long is dropped"},
            {.name = "white_timeout", .type = Type::Time, .def = "0", .min = 0, .max = 3650 * kDay,
             .to = config::to<&O::timing, &Timing::white_timeout>(),
             .doc = "a whitelisted entry must be greylisted again this long after it was whitelisted; 0 = never"},
            {.name = "netmask", .type = Type::Int, .def = "0xFFFFFFFF", .min = 0, .max = 0xFFFFFFFFll,
             .to = config::to<&O::key, &KeyOptions::netmask>(),
             .doc = "IPv4 client address bits kept in the key, e.g. 0xFFFFFF00 for a /24"},
            {.name = "ipv6_prefix", .type = Type::Int, .def = "64", .min = 0, .max = 128,
             .to = config::to<&O::key, &KeyOptions::ipv6_prefix>(),
             .doc = "IPv6 client address prefix length kept in the key"},
            {.name = "key", .type = Type::Enum, .def = "client_ip",
             .to = config::one_of<&O::key, &KeyOptions::mode>({{"client_ip", KeyMode::ClientIp},
                                                               {"triplet", KeyMode::Triplet}}),
             .doc = "client_ip: masked client address; triplet: masked client, sender, recipient"},
            {.name = "expire_limit", .type = Type::Int, .def = "10000", .min = 0, .max = int64_t(1) << 40,
             .to = config::to<&O::expire_limit>(),
             .doc = "lmdb, journal: expired entries are removed (in small batches) only above this many entries"},
            {.name = "auto_whitelist_count", .type = Type::Int, .def = "5", .min = 0, .max = 1000000,
             .to = config::to<&O::auto_whitelist_count>(),
             .doc = "triplet mode: a client that passed greylisting this many times is whitelisted; 0 = off"},
            {.name = "store", .type = Type::Enum, .def = "lmdb",
             .to = config::one_of<&O::store>(
                 {{"lmdb", StoreKind::Lmdb}, {"journal", StoreKind::Journal}, {"redis", StoreKind::Redis}}),
             .doc = "lmdb: embedded, per host; journal: embedded, in memory with a journal file, one process; "
                    "redis: shared by several MX hosts"},
            {.name = "on_store_error", .type = Type::Enum, .def = "tempfail",
             .to = config::one_of<&O::on_store_error>({{"tempfail", OnError::Tempfail}, {"accept", OnError::Accept}}),
             .doc = "what a RCPT gets when the store fails"},
            {.name = "reply", .type = Type::String, .def = "\"451 4.7.1 Greylisted, please try again in %r seconds\"",
             .to = config::parsed<&O::reply>([](std::string_view text) { return verdict::parse_reply(text, reply_rules); }),
             .doc = "reply to a greylisted RCPT: 4xx code, 4.x.y enhanced code, text; %r = seconds to wait"},
            {.name = "flags", .type = Type::Flags, .def = "{}",
             .to = config::flags<O>({{"delay_greylisting_error_until_data", &O::delay_until_data}}),
             .doc = "delay_greylisting_error_until_DATA: accept the RCPT, give the greylisting error at DATA"},
            {.name = "add_header", .type = Type::Bool, .def = "no", .to = config::to<&O::add_header>(),
             .doc = "add X-Greylist: (\"Delayed for HH:MM:SS by ...\" or why it was not delayed), as milter-greylist does"},
            {.name = "hostname", .type = Type::String, .to = config::to<&O::hostname>(),
             .doc = "the host named in X-Greylist:; default: the MTA's {j} macro, else the system's host name"},
            {.name = "skip_spf_pass_from", .type = Type::String,
             .to = config::parsed<&O::skip_spf_pass_from>([](std::string_view spec) -> Result<std::string> {
                 if (spec.starts_with("file:/")) return std::string(spec);
                 return fail("expected \"file:/absolute/path\" (a list of domains)");
             }),
             .doc = "\"file:PATH\": clients whose SPF check at MAIL passed for one of these domains (or a "
                    "subdomain) are not greylisted; needs the spf section"},
        },
        .sections = {config::sub<&O::lmdb>(lmdb_table()), config::sub<&O::journal>(journal_table()),
                     config::sub<&O::redis>(redis_table())},
        .rules = {
            {.options = {"grey_wait", "grey_expire"}, .message = "grey_wait must be shorter than grey_expire",
             .holds = [](const O& o) { return o.timing.grey_wait < o.timing.grey_expire; }},
            {.options = {"white_timeout", "grey_expire"}, .message = "white_timeout must be 0 or at least grey_expire",
             .holds = [](const O& o) {
                 return o.timing.white_timeout == 0 || o.timing.white_timeout >= o.timing.grey_expire;
             }},
        },
    }};
    return t;
}

Result<void> validate(const Options& o) { return table().check(o); }


std::string reply_text(const verdict::Reply& r, std::chrono::seconds retry_after) {
    std::string out;
    for (size_t i = 0; i < r.text.size(); ++i) {
        if (r.text[i] == '%' && i + 1 < r.text.size() && r.text[i + 1] == 'r') {
            out += std::to_string(retry_after.count());
            ++i;
        } else {
            out += r.text[i];
        }
    }
    return out;
}

}  // namespace mp::greylist
