// config_cmds.cpp: check-config, dump-config and man-config, and load_engine()
// that every command needing the configuration's objects goes through.
// check-config builds the whole Engine, so a map with a bad line or an
// unreadable key is reported exactly as the daemon would meet it; it opens and
// creates no store file (it runs as root, and the LMDB directory is the milter
// user's): it only warns about the directory (WARNING lines on stderr, exit 0).
#include <sys/stat.h>

#include <cstdio>

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

std::string daemon_user(const policy::Engine& e) {
    return e.milter().user.empty() ? e.pmilter().user : e.milter().user;
}

std::shared_ptr<const policy::Engine> load_engine(const std::string& path, int& status, bool open_stores) {
    policy::Runtime rt(path, false);
    if (auto r = rt.load(); !r) {
        status = report(r.error().errors);
        return nullptr;
    }
    if (open_stores) {
        // The LMDB directory is the daemon user's: root opens nothing in it.
        std::string user = daemon_user(*rt.current());
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

int check_config(const Context& c) {
    int status;
    auto engine = load_engine(c.config_path, status);
    if (!engine) return status;
    warn(util::check_user_dir(daemon_user(*engine), engine->store_dir()));
    warn(exposed_secrets(engine->config().root()));
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
    std::fputs(config::man_page(policy::root_schema(), "milterpack").c_str(), stdout);
    return 0;
}

}  // namespace mp::cli
