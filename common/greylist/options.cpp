// options.cpp: the greylisting option tables and the rules between options.
// Defaults follow mature greylisters where the sendmail X README gives none: postgrey's
// 5 minute delay, 2 day retry window and 35 day whitelist lifetime.
#include "greylist/options.hpp"

namespace mp::greylist {

namespace {

using config::Type;
constexpr int64_t kDay = 86400;

}  // namespace

const config::SectionSpec& lmdb_schema() {
    static const config::SectionSpec s{
        .name = "lmdb",
        .doc = "embedded greylisting store (LMDB); processes on one host may share the directory",
        .options = {
            {.name = "path", .type = Type::String, .def = "\"/var/lib/milterpack/greylist\"",
             .doc = "directory holding data.mdb and lock.mdb; created if missing"},
            {.name = "map_size", .type = Type::Size, .def = "64MB", .min = 1 << 20, .max = int64_t(1) << 40,
             .doc = "initial size of the memory map (LMDB's upper bound on the data)"},
            {.name = "max_map_size", .type = Type::Size, .def = "1GB", .min = 1 << 20, .max = int64_t(1) << 40,
             .doc = "when the map is full it doubles, up to this size; beyond it on_store_error applies"},
            {.name = "sync", .type = Type::Enum, .def = "full", .choices = {"full", "meta", "none"},
             .doc = "fsync at each decision: full (survives power loss), meta or none (survive process crashes only)"},
        }};
    return s;
}

const config::SectionSpec& redis_schema() {
    static const config::SectionSpec s{
        .name = "redis",
        .doc = "shared greylisting store: one redis-server for several MX hosts",
        .options = {
            {.name = "address", .type = Type::String, .def = "127.0.0.1", .doc = "redis-server address (IP or name)"},
            {.name = "port", .type = Type::Int, .def = "6379", .min = 1, .max = 65535, .doc = "redis-server TCP port"},
            {.name = "path", .type = Type::String, .doc = "unix socket of redis-server; used instead of address/port"},
            {.name = "password", .type = Type::String, .doc = "sent with AUTH after connecting"},
            {.name = "db", .type = Type::Int, .def = "0", .min = 0, .max = 1023, .doc = "database number (SELECT)"},
            {.name = "timeout", .type = Type::Time, .def = "1s", .min = 1, .max = 60,
             .doc = "bound on connecting, on each command and on waiting for a pooled connection"},
            {.name = "prefix", .type = Type::String, .def = "\"mpgrey:\"", .doc = "prefix of every key written"},
            {.name = "pool_size", .type = Type::Int, .def = "4", .min = 1, .max = 256,
             .doc = "connections kept open, shared by the milter's worker threads"},
        }};
    return s;
}

const config::SectionSpec& schema() {
    static const config::SectionSpec s{
        .name = "greylisting",
        .doc = "greylisting at RCPT (sendmail X README 3.9.4), keyed by client address or triplet",
        .options = {
            {.name = "grey_wait", .type = Type::Time, .def = "5m", .min = 0, .max = 7 * kDay,
             .doc = "how long before a greylisted entry can be confirmed by a retry"},
            {.name = "grey_expire", .type = Type::Time, .def = "2d", .min = 1, .max = 60 * kDay,
             .doc = "a greylisted entry not confirmed within this time (since first seen) starts over"},
            {.name = "white_expire", .type = Type::Time, .def = "35d", .min = 1, .max = 3650 * kDay,
             .doc = "a whitelisted entry without mail for this long is dropped"},
            {.name = "white_timeout", .type = Type::Time, .def = "0", .min = 0, .max = 3650 * kDay,
             .doc = "a whitelisted entry must be greylisted again this long after it was whitelisted; 0 = never"},
            {.name = "netmask", .type = Type::Int, .def = "0xFFFFFFFF", .min = 0, .max = 0xFFFFFFFFll,
             .doc = "IPv4 client address bits kept in the key, e.g. 0xFFFFFF00 for a /24"},
            {.name = "ipv6_prefix", .type = Type::Int, .def = "64", .min = 0, .max = 128,
             .doc = "IPv6 client address prefix length kept in the key"},
            {.name = "key", .type = Type::Enum, .def = "client_ip", .choices = {"client_ip", "triplet"},
             .doc = "client_ip: masked client address; triplet: masked client, sender, recipient"},
            {.name = "expire_limit", .type = Type::Int, .def = "10000", .min = 0, .max = int64_t(1) << 40,
             .doc = "lmdb: expired entries are removed (in small batches) only above this many entries"},
            {.name = "auto_whitelist_count", .type = Type::Int, .def = "5", .min = 0, .max = 1000000,
             .doc = "triplet mode: a client that passed greylisting this many times is whitelisted; 0 = off"},
            {.name = "store", .type = Type::Enum, .def = "lmdb", .choices = {"lmdb", "redis"},
             .doc = "lmdb: embedded, per host; redis: shared by several MX hosts"},
            {.name = "on_store_error", .type = Type::Enum, .def = "tempfail", .choices = {"tempfail", "accept"},
             .doc = "what a RCPT gets when the store fails"},
            {.name = "reply", .type = Type::String,
             .def = "\"451 4.7.1 Greylisted, please try again in %r seconds\"",
             .doc = "reply to a greylisted RCPT: 4xx code, 4.x.y enhanced code, text; %r = seconds to wait"},
            {.name = "flags", .type = Type::Flags, .def = "{}", .choices = {"delay_greylisting_error_until_data"},
             .doc = "delay_greylisting_error_until_DATA: accept the RCPT, give the greylisting error at DATA"},
        },
        .sections = {&lmdb_schema(), &redis_schema()}};
    return s;
}

Result<void> validate(const Options& o) {
    const Timing& t = o.timing;
    if (t.grey_wait >= t.grey_expire) return fail("greylisting: grey_wait must be shorter than grey_expire");
    if (t.white_timeout != 0 && t.white_timeout < t.grey_expire)
        return fail("greylisting: white_timeout must be 0 or at least grey_expire");
    if (o.key.ipv6_prefix < 0 || o.key.ipv6_prefix > 128) return fail("greylisting: ipv6_prefix must be 0..128");
    if (o.lmdb.max_map_size < o.lmdb.map_size) return fail("lmdb: max_map_size must be at least map_size");
    if (o.lmdb.path.empty()) return fail("lmdb: path must not be empty");
    if (o.redis.pool_size < 1) return fail("redis: pool_size must be at least 1");
    if (o.redis.timeout.count() < 1) return fail("redis: timeout must be at least 1s");
    return {};
}

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
