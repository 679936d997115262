// daemon.cpp: see daemon.hpp.
#include "daemon/daemon.hpp"

#include <pwd.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>

#include "daemon/fds.hpp"
#include "util/endpoint.hpp"
#include "util/log.hpp"
#include "util/owner.hpp"
#include "util/raii.hpp"

namespace mp::daemon {

namespace {

// The milter's own socket, read as libmilter's smfi_setconn reads it: a host
// name is resolved by libmilter, no host means every address, a bare /path is
// a unix socket. Its unix path, or "" for inet/inet6.
Result<std::string> unix_path(const std::string& spec) {
    auto s = util::parse_socket(spec, {.numeric_host = false, .host_optional = true, .bare_path = true});
    if (!s) return fail("milter socket: " + s.error().message);
    return s->family == util::SocketSpec::Family::Unix ? s->path : std::string();
}

std::string errno_text() { return std::strerror(errno); }

void reload(policy::Runtime& runtime) {
    auto r = runtime.load();
    if (r) {
        util::log_notice("", "SIGUSR1: reloaded " + runtime.path());
        return;
    }
    for (const auto& e : r.error().errors)
        util::log_error("", "SIGUSR1: reload failed, keeping the running configuration: " + e);
}

// Maps whose file changed are reloaded; a broken file is reported once per
// change, one log line per error (the map's errors come newline-joined).
void refresh(policy::Runtime& runtime) {
    for (const auto& joined : runtime.current()->refresh_maps()) {
        std::string_view rest = joined;
        while (!rest.empty()) {
            auto nl = rest.find('\n');
            std::string_view e = rest.substr(0, nl);
            if (!e.empty()) util::log_error("", "map changed but does not load, keeping its previous content: " + std::string(e));
            rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
        }
    }
}

}  // namespace

Result<void> probe_socket(const std::string& spec) {
    auto path = unix_path(spec);
    if (!path) return fail(path.error().message);
    if (path->empty()) return {};
    auto ep = util::Endpoint::parse("unix:" + *path);
    if (!ep) return fail(ep.error().message);
    util::Fd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
    if (!fd) return fail("socket: " + errno_text());
    if (::connect(fd.get(), reinterpret_cast<const sockaddr*>(&ep->addr), ep->len) == 0)
        return fail(*path + ": another milter is already listening there");
    return {};
}

Result<void> drop_privileges(const std::string& user, const std::string& socket_spec, int mode,
                             bool allow_root) {
    auto parsed = unix_path(socket_spec);
    if (!parsed) return fail(parsed.error().message);
    const std::string& path = *parsed;
    if (!path.empty() && ::chmod(path.c_str(), mode_t(mode)) != 0) return fail("chmod " + path + ": " + errno_text());
    if (user.empty()) {
        if (::geteuid() == 0 && !allow_root)
            return fail("refusing to run as root: set milter { user = NAME; } (or allow_root = yes)");
        return {};
    }
    struct passwd* pw = ::getpwnam(user.c_str());
    if (!pw) return fail("milter user '" + user + "' does not exist");
    if (!path.empty() && ::geteuid() == 0 && ::lchown(path.c_str(), pw->pw_uid, pw->pw_gid) != 0)
        return fail("chown " + path + ": " + errno_text());
    if (::geteuid() != 0) {
        if (::geteuid() == pw->pw_uid) return {};
        return fail("cannot switch to user '" + user + "' without root");
    }
    return util::become_user(user);
}

Result<void> drop_and_open_stores(policy::Runtime& runtime, const std::string& user, const std::string& socket_spec,
                                  int mode, bool allow_root) {
    if (auto r = util::prepare_user_dir(user, runtime.current()->store_dir()); !r)
        return fail("greylisting store: " + r.error().message);
    if (auto r = drop_privileges(user, socket_spec, mode, allow_root); !r) return r;
    auto loaded = runtime.open_stores();
    if (loaded) return {};
    std::string all;
    for (const auto& e : loaded.error().errors) all += (all.empty() ? "" : "; ") + e;
    return fail("loading the stores as '" + user + "': " + all);
}

void start_reload_thread(policy::Runtime& runtime) {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
    std::thread([&runtime, set] {
        const struct timespec tick = {1, 0};
        FdWatch fds;
        for (;;) {
            if (sigtimedwait(&set, nullptr, &tick) == SIGUSR1) reload(runtime);
            else refresh(runtime);
            fds.check();
        }
    }).detach();
}

}  // namespace mp::daemon
