// greylist_cmd.cpp: `milterpack -f FILE greylist SUBCOMMAND`, the operator's
// view of the greylisting store the configuration names (LMDB or redis):
//   list            every entry, one line each (greylister.hpp format_entry)
//   show KEY        one entry; "no entry" on stderr and exit 1 when there is none
//   whitelist KEY   whitelist KEY now (a client key in client_ip mode, or a triplet)
//   delete KEY      remove KEY; "no entry" on stderr and exit 1 when there was none
// KEY is checked and put in the store's form first (greylist/admin_key.hpp):
// an empty key, a CIDR range or a word that is no address is refused (exit 2)
// before anything is written; a masked or normalized key is named on stderr.
//   stats           counts per state, expired entries, store detail
//   expire          remove expired entries now (LMDB; redis expires by TTL)
// A KEY given as several words is joined by single blanks, so a triplet may be
// written unquoted: greylist show 192.0.2.1 '<a@b.example>' '<c@d.example>'.
// The store is the one policy::Engine builds from the whole configuration, as
// the daemon does (so a configuration the daemon refuses is refused here).
// Running next to milterpack-milter is safe: each store serializes writers
// itself (LMDB's lock file, redis's single thread); a journal store belongs
// to one process, so while the daemon runs these commands say it is in use. An LMDB directory created
// by root here is handed to the daemon's user, as check-config does.
#include <chrono>
#include <cstdio>

#include "cli/commands.hpp"
#include "greylist/admin_key.hpp"
#include "greylist/greylister.hpp"
#include "policy/engine.hpp"

namespace mp::cli {

namespace {

using Clock = std::chrono::system_clock;

int64_t now_seconds() {
    return std::chrono::duration_cast<std::chrono::seconds>(Clock::now().time_since_epoch()).count();
}

int greylist_usage() {
    std::fputs("usage: milterpack -f FILE greylist list | show KEY | whitelist KEY | delete KEY | stats | expire\n",
               stderr);
    return 2;
}

// The store the configuration names, as policy::Engine builds it for the
// daemon; null with the exit status in `status` after printing why not.
std::shared_ptr<greylist::Greylister> open_greylister(const std::string& path, int& status) {
    auto engine = load_engine(path, status, true);  // as the daemon user
    if (!engine) return nullptr;
    auto g = engine->greylister();
    if (!g) status = report({path + ": no greylisting section"});
    return g;
}

std::string joined_key(const std::vector<std::string>& args) {
    std::string key;
    for (std::size_t i = 1; i < args.size(); ++i) key += (i > 1 ? " " : "") + args[i];
    return key;
}

int failed(const std::string& what, const Error& e) { return report({"greylist " + what + ": " + e.message}); }

int run(greylist::Greylister& g, const std::string& cmd, const std::string& key) {
    const auto& timing = g.options().timing;
    if (cmd == "list") {
        auto l = g.list();
        if (!l) return failed(cmd, l.error());
        std::fputs(greylist::format_list(*l, now_seconds(), timing).c_str(), stdout);
        return 0;
    }
    if (cmd == "show") {
        auto e = g.show(key);
        if (!e) return failed(cmd, e.error());
        if (!*e) return std::fprintf(stderr, "greylist show: no entry for '%s'\n", key.c_str()), 1;
        std::fputs(greylist::format_entry(key, **e, now_seconds(), timing).c_str(), stdout);
        return 0;
    }
    if (cmd == "whitelist") {
        auto r = g.whitelist(key, Clock::now());
        return r ? 0 : failed(cmd, r.error());
    }
    if (cmd == "delete") {
        auto r = g.remove(key);
        if (!r) return failed(cmd, r.error());
        if (!*r) return std::fprintf(stderr, "greylist delete: no entry for '%s'\n", key.c_str()), 1;
        return 0;
    }
    if (cmd == "stats") {
        auto s = g.stats(Clock::now());
        if (!s) return failed(cmd, s.error());
        std::fputs(greylist::format_stats(*s).c_str(), stdout);
        return 0;
    }
    auto n = g.expire(Clock::now());  // cmd == "expire"
    if (!n) return failed(cmd, n.error());
    std::printf("expired %llu\n", static_cast<unsigned long long>(*n));
    return 0;
}

}  // namespace

int greylist(const Context& c) {
    if (c.args.empty()) return greylist_usage();
    const std::string& cmd = c.args[0];
    bool with_key = cmd == "show" || cmd == "whitelist" || cmd == "delete";
    bool without = cmd == "list" || cmd == "stats" || cmd == "expire";
    if (!(with_key && c.args.size() >= 2) && !(without && c.args.size() == 1)) return greylist_usage();
    int status;
    auto g = open_greylister(c.config_path, status);
    if (!g) return status;
    if (!with_key) return run(*g, cmd, "");
    auto key = greylist::admin_key(joined_key(c.args), g->options().key, cmd != "whitelist");
    if (!key) return report({"greylist " + cmd + ": " + key.error().message});
    if (key->changed) std::fprintf(stderr, "greylist %s: key '%s'\n", cmd.c_str(), key->key.c_str());
    return run(*g, cmd, key->key);
}

}  // namespace mp::cli
