// daemon.hpp: running as a daemon, shared by both MTA adapters (milterpack-milter
// and milterpack-pmilter) and free of any MTA protocol (claiming the socket
// is claim.hpp): dropping root after the socket exists, and the SIGUSR1
// reload thread.
#pragma once
#include <string>
#include <vector>

#include "policy/engine.hpp"
#include "util/result.hpp"

namespace mp::daemon {

// How the unix socket is handed over: its mode, and its group ("" = the
// user's group; e.g. the MTA's run-as group, so that mode 0660 suffices).
struct SocketAccess {
    int mode = 0660;
    std::string group;
};
// After smfi_opensocket: set the unix socket's mode and group (with or
// without a user), give it to `user`, then switch to that user (groups, gid,
// uid). Root without a user is refused unless allow_root.
Result<void> drop_privileges(const std::string& user, const std::string& socket_spec, const SocketAccess& access,
                             bool allow_root);
// The start-up sequence around the drop for a runtime loaded without stores
// (Runtime(path, false)): create the LMDB directory if missing and give it to
// `user` (nothing inside it is touched as root), drop_privileges(), then load
// the configuration again with its stores, now as the user.
Result<void> drop_and_open_stores(policy::Runtime& runtime, const std::string& user, const std::string& socket_spec,
                                  const SocketAccess& access, bool allow_root);

// Block SIGUSR1 (first thing in main): one that arrives during start-up waits
// for the reload thread instead of killing the process.
void block_reload_signal();
// Block SIGUSR1 in the calling thread (call before any thread starts, so every
// libmilter thread inherits the mask) and start a thread that reloads the
// runtime on each SIGUSR1 and, once a second, reloads map files that changed
// and watches the file descriptors (fds.hpp).
// SIGHUP and SIGTERM stay with the adapter (libmilter uses them to stop).
void start_reload_thread(policy::Runtime& runtime);

}  // namespace mp::daemon
