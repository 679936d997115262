// config_cmds.cpp: check-config, dump-config and man-config. check-config
// builds the whole Engine, so a map with a bad line or an unreadable key is
// reported exactly as the daemon would meet it.
#include <cstdio>

#include "cli/commands.hpp"
#include "config/config.hpp"
#include "policy/engine.hpp"
#include "util/owner.hpp"

namespace mp::cli {

int report(const std::vector<std::string>& errors) {
    for (const auto& e : errors) std::fprintf(stderr, "%s\n", e.c_str());
    return 2;
}

int check_config(const Context& c) {
    policy::Runtime rt(c.config_path);
    if (auto r = rt.load(); !r) return report(r.error().errors);
    // Loading opened the stores as root: leave them to the daemon's user.
    if (const auto* m = rt.current()->config().root().section("milter"))
        if (auto r = util::give_to_user(m->str("user"), rt.current()->owned_paths()); !r)
            return report({r.error().message});
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
