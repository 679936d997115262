// lookup_cmd.cpp: `milterpack -f FILE lookup TAG:KEY`, postmap -q for the
// access map, but showing which key won: prints "LHS<tab>RHS" and exits 0, or
// prints nothing and exits 1 when no entry answers. The lookup order is the
// daemon's (sendmail X README 3.12.1 plus the CIDR extension).
#include <cstdio>

#include "access/schema.hpp"
#include "cli/commands.hpp"
#include "policy/engine.hpp"

namespace mp::cli {

int lookup(const Context& c) {
    if (c.args.size() != 1) {
        std::fputs("usage: milterpack -f FILE lookup TAG:KEY\n", stderr);
        return 2;
    }
    auto cfg = config::load(c.config_path, policy::root_schema());
    if (!cfg) return report(cfg.error().errors);
    const auto* sec = cfg->root().section("access_map");
    if (!sec) return report({c.config_path + ": no access_map section"});
    auto opts = access::options_from(*sec);
    if (!opts) return report({sec->where().str() + ": " + opts.error().message});
    auto map = access::AccessMap::load(*opts);
    if (!map) return report(map.error().errors);
    auto m = map->lookup_text(c.args[0]);
    if (!m) return report({m.error().message});
    if (!*m) return 1;
    std::printf("%s\n", (*m)->log().c_str());
    return 0;
}

}  // namespace mp::cli
