// check.hpp: what `milterpack check-config` checks beyond loading the file
// the way the daemon does (config_cmds.cpp), so that a configuration that
// passes also starts, reloads on SIGUSR1 and reaches its peers:
//   daemon_findings()  as root: a daemon section without `user` (and not
//                      allow_root), a user or socket_group that does not
//                      exist, a milter socket libmilter would misread
//   user_findings()    everything the daemon reads after the privilege drop,
//                      read as that user: the configuration file, maps, keys
//                      and tables (the whole Engine is built again), the
//                      LMDB files and the amavisd spool directory (writable),
//                      the store and scanner sockets (reachable: warnings)
//   as_user()          runs a check in a child process switched to the user
//                      (access() as root would say yes to everything)
// Every error names file:line:column of the option involved and the errno
// text; nothing is created on disk.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "policy/engine.hpp"

namespace mp::cli {

struct Findings {
    std::vector<std::string> errors, warnings;
    void add(const Findings& f);
};

// The daemon user named by the file: milter's, else pmilter's.
std::string daemon_user(const config::Section& root);
Findings daemon_findings(const config::Config& cfg);
// The LMDB directory as root sees it: a link or a non-directory is refused
// by the daemon (error); missing or owned by another user is fixed by the
// daemon at start (warning); missing with a missing parent cannot be (error).
Findings store_dir_findings(const config::Config& cfg, const std::string& user);
// Loads `path` again (as the calling user) and checks what the daemon reads.
Findings user_findings(const std::string& path);
// `fn` run as `user` in a forked child when root and `user` is set; in this
// process otherwise. A child that cannot switch reports that as an error.
Findings as_user(const std::string& user, const std::function<Findings()>& fn);

}  // namespace mp::cli
