// daemon.cpp: see daemon.hpp.
#include "daemon/daemon.hpp"

#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>

#include "daemon/claim.hpp"
#include "daemon/fds.hpp"
#include "util/log.hpp"
#include "util/owner.hpp"
#include "util/raii.hpp"
#include "util/strings.hpp"

namespace mp::daemon {

namespace {

using util::errno_text;

sigset_t reload_set() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    return set;
}

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

namespace {

// The unix socket's mode and owner: uid of `user` (when root and set), gid of
// `access.group` or else of `user`; unchanged ids stay -1.
Result<void> hand_over_socket(const std::string& path, const struct passwd* pw, const SocketAccess& access) {
    if (path.empty()) return {};
    if (::chmod(path.c_str(), mode_t(access.mode)) != 0) return fail("chmod " + path + ": " + errno_text());
    uid_t uid = pw ? pw->pw_uid : uid_t(-1);
    gid_t gid = pw ? pw->pw_gid : gid_t(-1);
    if (!access.group.empty()) {
        struct group* gr = ::getgrnam(access.group.c_str());
        if (!gr) return fail("milter socket_group '" + access.group + "' does not exist");
        gid = gr->gr_gid;
    }
    if (::geteuid() == 0 && (uid != uid_t(-1) || gid != gid_t(-1)) && ::lchown(path.c_str(), uid, gid) != 0)
        return fail("chown " + path + ": " + errno_text());
    return {};
}

}  // namespace

Result<void> drop_privileges(const std::string& user, const std::string& socket_spec, const SocketAccess& access,
                             bool allow_root) {
    auto path = unix_socket_path(socket_spec);
    if (!path) return fail(path.error().message);
    struct passwd* pw = user.empty() ? nullptr : ::getpwnam(user.c_str());
    if (!user.empty() && !pw) return fail("milter user '" + user + "' does not exist");
    if (auto r = hand_over_socket(*path, pw, access); !r) return r;
    if (!pw) {
        if (::geteuid() == 0 && !allow_root)
            return fail("refusing to run as root: set milter { user = NAME; } (or allow_root = yes)");
        return {};
    }
    if (::geteuid() != 0) {
        if (::geteuid() == pw->pw_uid) return {};
        return fail("cannot switch to user '" + user + "' without root");
    }
    return util::become_user(user);
}

Result<void> drop_and_open_stores(policy::Runtime& runtime, const std::string& user, const std::string& socket_spec,
                                  const SocketAccess& access, bool allow_root) {
    if (auto r = util::prepare_user_dir(user, runtime.current()->store_dir()); !r)
        return fail("greylisting store: " + r.error().message);
    if (auto r = drop_privileges(user, socket_spec, access, allow_root); !r) return r;
    auto loaded = runtime.open_stores();
    if (loaded) return {};
    std::string all;
    for (const auto& e : loaded.error().errors) all += (all.empty() ? "" : "; ") + e;
    return fail("loading the stores as '" + user + "': " + all);
}

void block_reload_signal() {
    sigset_t set = reload_set();
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

void start_reload_thread(policy::Runtime& runtime) {
    block_reload_signal();
    sigset_t set = reload_set();
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
