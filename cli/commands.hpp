// commands.hpp: the subcommands of `milterpack`, the operator's tool. Each
// returns the process exit status: 0 ok, 1 "no" (lookup found nothing), 2 bad
// configuration or usage.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "policy/engine.hpp"

namespace mp::cli {

struct Context {
    std::string config_path;        // -f FILE, else the default configuration
    bool config_given = false;      // -f was given
    std::vector<std::string> args;  // after the subcommand name
};

int check_config(const Context& c);
int dump_config(const Context& c);
int man_page(const Context& c);
int lookup(const Context& c);
int dkim(const Context& c);  // dkim keygen ...
int greylist(const Context& c);
int access(const Context& c);  // access import FILE (access_import.hpp)
int stats(const Context& c);  // scrape the metrics endpoint

// milterpack.conf(5) with the access-map file format before SEE ALSO.
std::string with_access_format(std::string page);
// Prints every diagnostic to stderr; returns 2.
int report(const std::vector<std::string>& errors);
// The Engine the daemon would build from `path`, or null with the exit status
// in `status` after printing why.
// No store is opened unless `open_stores`; then the process first switches to
// the daemon's user (milter or pmilter { user }) when one is set.
std::shared_ptr<const policy::Engine> load_engine(const std::string& path, int& status, bool open_stores = false);

}  // namespace mp::cli
