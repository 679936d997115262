// claim.cpp: see claim.hpp.
#include "daemon/claim.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "util/endpoint.hpp"
#include "util/strings.hpp"

namespace mp::daemon {

namespace {

using util::errno_text;

// Opens (creating 0600) and locks "<path>.lock" without waiting. The file is
// never written: a regular file someone else planted there is only locked.
Result<util::Fd> lock_file(const std::string& socket_path) {
    std::string lock = socket_path + ".lock";
    util::Fd fd(::open(lock.c_str(), O_RDONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600));
    if (!fd) return fail(lock + ": " + errno_text());
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0) return fail(lock + ": " + errno_text());
    if (!S_ISREG(st.st_mode)) return fail(lock + ": not a regular file");
    if (::flock(fd.get(), LOCK_EX | LOCK_NB) == 0) return fd;
    if (errno == EWOULDBLOCK)
        return fail(lock + ": held by another milterpack daemon serving " + socket_path + "; not starting a second one");
    return fail(lock + ": flock: " + errno_text());
}

// Fails when something accepts a connection on the unix socket `path`.
Result<void> probe(const std::string& path) {
    auto ep = util::Endpoint::parse("unix:" + path);
    if (!ep) return fail(ep.error().message);
    util::Fd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
    if (!fd) return fail("socket: " + errno_text());
    if (::connect(fd.get(), reinterpret_cast<const sockaddr*>(&ep->addr), ep->len) == 0)
        return fail(path + ": another milter is already listening there");
    return {};
}

}  // namespace

Result<std::string> unix_socket_path(const std::string& spec) {
    auto s = util::parse_socket(spec, {.numeric_host = false, .host_optional = true, .bare_path = true});
    if (!s) return fail("milter socket: " + s.error().message);
    return s->family == util::SocketSpec::Family::Unix ? s->path : std::string();
}

Result<SocketClaim> claim_socket(const std::string& spec) {
    auto path = unix_socket_path(spec);
    if (!path) return fail(path.error().message);
    if (path->empty()) return SocketClaim();
    auto lock = lock_file(*path);
    if (!lock) return fail(lock.error().message);
    if (auto r = probe(*path); !r) return fail(r.error().message);
    return SocketClaim(std::move(*lock), *path);
}

SocketClaim::~SocketClaim() {
    struct stat st {};
    if (!path_.empty() && ::lstat(path_.c_str(), &st) == 0 && S_ISSOCK(st.st_mode)) ::unlink(path_.c_str());
}

}  // namespace mp::daemon
