// claim.hpp: claiming the milter's unix socket path before it is (re)bound.
// Two daemons started at once on a path that holds a stale socket file could
// both probe it, both find nobody listening and both bind (the second
// unlinking the first one's socket). A claim takes an exclusive flock on
// "<socket path>.lock" in the socket's directory (opened O_NOFOLLOW,
// O_CLOEXEC, created 0600, never written) first, then probes the socket.
// Used by both adapters:
//   auto claim = daemon::claim_socket(spec);  // before the MTA library binds
//   if (!claim) return fatal(claim.error().message);
// Guarantees: while a claim lives, no other milterpack daemon claims the same
// path, so the socket file there is ours; when the claim ends (a refused
// start, or the end of serve()) the socket file is removed, then the lock is
// released. The lock file itself stays (removing it would reopen the race).
// inet sockets are claimed by bind() itself: their claim holds nothing.
#pragma once
#include <string>

#include "util/raii.hpp"
#include "util/result.hpp"

namespace mp::daemon {

class SocketClaim {
public:
    SocketClaim() = default;
    SocketClaim(util::Fd lock, std::string socket_path) : lock_(std::move(lock)), path_(std::move(socket_path)) {}
    SocketClaim(SocketClaim&& o) noexcept : lock_(std::move(o.lock_)), path_(std::move(o.path_)) { o.path_.clear(); }
    SocketClaim& operator=(SocketClaim&&) = delete;
    SocketClaim(const SocketClaim&) = delete;
    SocketClaim& operator=(const SocketClaim&) = delete;
    ~SocketClaim();

private:
    util::Fd lock_;
    std::string path_;  // the unix socket; "" = nothing to remove
};

// For "unix:/path" (or "local:", or a bare path): lock "<path>.lock" (fails,
// naming the lock file, when another daemon holds it), then fail when
// something answers on the path. A stale socket file is left for the MTA
// library to replace. For inet sockets: an empty claim.
Result<SocketClaim> claim_socket(const std::string& spec);

// The milter's own socket, read as libmilter's smfi_setconn reads it: a host
// name is resolved by libmilter, no host means every address, a bare /path is
// a unix socket. Its unix path, or "" for inet/inet6.
Result<std::string> unix_socket_path(const std::string& spec);

}  // namespace mp::daemon
