// config_cmds.cpp: check-config, dump-config and man-config, and load_engine()
// that every command needing the configuration's objects goes through.
// check-config builds the whole Engine, so a map with a bad line or an
// unreadable key is reported exactly as the daemon would meet it.
#include <cstdio>

#include "cli/commands.hpp"
#include "config/config.hpp"
#include "util/owner.hpp"

namespace mp::cli {

int report(const std::vector<std::string>& errors) {
    for (const auto& e : errors) std::fprintf(stderr, "%s\n", e.c_str());
    return 2;
}

std::shared_ptr<const policy::Engine> load_engine(const std::string& path, int& status) {
    policy::Runtime rt(path);
    if (auto r = rt.load(); !r) {
        status = report(r.error().errors);
        return nullptr;
    }
    auto engine = rt.current();
    // Loading opened the stores as root: leave them to the daemon's user.
    const std::string& user = engine->milter().user.empty() ? engine->pmilter().user : engine->milter().user;
    if (auto r = util::give_to_user(user, engine->owned_paths()); !r) {
        status = report({r.error().message});
        return nullptr;
    }
    status = 0;
    return engine;
}

int check_config(const Context& c) {
    int status;
    if (!load_engine(c.config_path, status)) return status;
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
