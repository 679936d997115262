// lookup_cmd.cpp: `milterpack -f FILE lookup TAG:KEY`, postmap -q for the
// access map, but showing which key won: prints "LHS<tab>RHS" and exits 0, or
// prints nothing and exits 1 when no entry answers. The lookup order is the
// daemon's (sendmail X README 3.12.1 plus the CIDR extension): the map is the
// one policy::Engine builds, as the daemon does.
#include <cstdio>

#include "access/accessmap.hpp"
#include "cli/commands.hpp"
#include "policy/engine.hpp"

namespace mp::cli {

int lookup(const Context& c) {
    if (c.args.size() != 1) {
        std::fputs("usage: milterpack -f FILE lookup TAG:KEY\n", stderr);
        return 2;
    }
    int status;
    auto engine = load_engine(c.config_path, status);
    if (!engine) return status;
    auto map = engine->access_map();
    if (!map) return report({c.config_path + ": no access_map section"});
    auto m = map->lookup_text(c.args[0]);
    if (!m) return report({m.error().message});
    if (!*m) return 1;
    std::printf("%s\n", (*m)->log().c_str());
    return 0;
}

}  // namespace mp::cli
