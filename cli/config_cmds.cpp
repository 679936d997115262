// config_cmds.cpp: check-config, dump-config and man-config, and load_engine()
// that every command needing the configuration's objects goes through.
// check-config builds the whole Engine, so a map with a bad line or an
// unreadable key is reported exactly as the daemon would meet it, then does
// what the daemon does after the privilege drop, as its user (check.hpp). It
// reports every error at once, each at file:line:column (exit 2), and what
// the daemon fixes itself or what may be down for now (an unreachable store
// or scanner) as WARNING lines (exit 0). It opens and creates no store file.
#include <sys/stat.h>

#include <unistd.h>

#include <algorithm>
#include <cstdio>

#include "cli/check.hpp"
#include "cli/commands.hpp"
#include "config/config.hpp"
#include "util/owner.hpp"

namespace mp::cli {

int report(const std::vector<std::string>& errors) {
    for (const auto& e : errors) std::fprintf(stderr, "%s\n", e.c_str());
    return 2;
}

void warn(const std::vector<std::string>& warnings) {
    for (const auto& w : warnings) std::fprintf(stderr, "WARNING: %s\n", w.c_str());
}

// A redis password in a file that others may read (warned, not refused: the
// file may be readable by design on a single-user host).
std::vector<std::string> exposed_secrets(const config::Section& root) {
    const auto* g = root.section("greylisting");
    const auto* r = g ? g->section("redis") : nullptr;
    if (!r || r->str("password").empty()) return {};
    config::Location at = r->where("password");
    struct stat st {};
    if (::stat(at.file.c_str(), &st) != 0 || !(st.st_mode & S_IROTH)) return {};
    return {at.str() + ": the redis password is in a file others may read (chmod o-r " + at.file + ")"};
}

std::shared_ptr<const policy::Engine> load_engine(const std::string& path, int& status, bool open_stores) {
    policy::Runtime rt(path, false);
    if (auto r = rt.load(); !r) {
        status = report(r.error().errors);
        return nullptr;
    }
    if (open_stores) {
        // The LMDB directory is the daemon user's: root opens nothing in it.
        std::string user = daemon_user(rt.current()->config().root());
        if (!user.empty())
            if (auto r = util::become_user(user); !r) {
                status = report({r.error().message});
                return nullptr;
            }
        if (auto r = rt.open_stores(); !r) {
            status = report(r.error().errors);
            return nullptr;
        }
    }
    status = 0;
    return rt.current();
}

namespace {

// `more` into `into`, each error not already there, marked with the user it was read as.
void merge_as_user(Findings& into, const Findings& more, const std::string& user) {
    std::string mark = user.empty() || ::geteuid() != 0 ? "" : " (read as user '" + user + "')";
    for (const auto& e : more.errors)
        if (std::find(into.errors.begin(), into.errors.end(), e) == into.errors.end())
            into.errors.push_back(e + mark);
    into.warnings.insert(into.warnings.end(), more.warnings.begin(), more.warnings.end());
}

}  // namespace

int check_config(const Context& c) {
    auto cfg = config::load(c.config_path, policy::root_schema());
    if (!cfg) return report(cfg.error().errors);
    Findings f = daemon_findings(*cfg);
    std::string user = daemon_user(cfg->root());
    auto engine = policy::Engine::create(*cfg, nullptr, false);
    if (!engine) f.errors.insert(f.errors.end(), engine.error().errors.begin(), engine.error().errors.end());
    f.add(store_dir_findings(*cfg, user));
    f.add({{}, exposed_secrets(cfg->root())});
    merge_as_user(f, as_user(user, [&] { return user_findings(c.config_path); }), user);
    warn(f.warnings);
    if (!f.errors.empty()) return report(f.errors);
    std::printf("%s: ok\n", c.config_path.c_str());
    return 0;
}

int dump_config(const Context& c) {
    auto cfg = config::load(c.config_path, policy::root_schema());
    if (!cfg) return report(cfg.error().errors);
    std::fputs(cfg->dump().c_str(), stdout);
    return 0;
}

int man_page(const Context&) {
    std::fputs(with_access_format(config::man_page(policy::root_schema(), "milterpack")).c_str(), stdout);
    return 0;
}

}  // namespace mp::cli
