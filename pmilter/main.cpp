// main.cpp: milterpack-pmilter, the policy milter for sendmail X / MeTA1
// (smtps connects to it through smx.conf's policy_milter). Runs in the
// foreground, as pmult does:
//   milterpack-pmilter -f /etc/milterpack/rx.conf [-d]    (--help, --version)
// Loads the configuration (exit 2 with every error when it is bad), refuses
// to take over a live socket, starts libpmilter (init, version check, setconn,
// start) in its own thread, drops privileges once the library's socket
// exists, and serves until SIGTERM, SIGHUP or SIGINT, which a sigwait() in the
// main thread turns into a logged exit. SIGUSR1 reloads the configuration.
// Once the library thread runs, the process ends with _Exit (end()), never by
// returning from main: the Runtime stays valid for every thread to the last.
#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>

#include "daemon/args.hpp"
#include "daemon/claim.hpp"
#include "daemon/daemon.hpp"
#include "daemon/fds.hpp"
#include "daemon/metrics_endpoint.hpp"
#include "pmilter/callbacks.hpp"
#include "pmilter/listen.hpp"
#include "policy/engine.hpp"
#include "sm/error.h"
#include "sm/pmfapi.h"
#include "util/log.hpp"

namespace {

const char* const kProgram = "milterpack-pmilter";

int fatal(const std::string& what) { return mp::daemon::fatal(kProgram, what); }

// The end of the process once other threads run: the library thread serves
// with `runtime` and the reload thread refreshes it, so returning from main
// would destroy it under them (the same race milterpack-milter had). No
// destructor runs; committed LMDB transactions are in the page cache, as
// after kill -9.
[[noreturn]] void end(int status) {
    std::fflush(nullptr);
    std::_Exit(status);
}

// The same from serve(), which holds the socket claim: released first, so the
// socket file goes (claim.hpp) as it did when serve() returned.
[[noreturn]] void end(int status, mp::daemon::SocketClaim&& claim) {
    { mp::daemon::SocketClaim released(std::move(claim)); }
    end(status);
}

std::string status_text(sm_ret_T r) {
    const char* t = smerr2txt(r);
    char hex[16];
    std::snprintf(hex, sizeof hex, "%#x", unsigned(r));
    return t ? t : hex;
}

sigset_t stop_signals() {
    sigset_t set;
    sigemptyset(&set);
    for (int s : {SIGTERM, SIGHUP, SIGINT}) sigaddset(&set, s);
    return set;
}

// init, version (only the major must match, as pmult checks), setconn.
mp::Result<pmg_ctx_P> open_library(const std::string& sock) {
    pmg_ctx_P g = nullptr;
    if (sm_ret_T r = sm_pmfi_init(&g); sm_is_err(r)) return mp::fail("sm_pmfi_init: " + status_text(r));
    uint32_t major = 0, minor = 0, patch = 0;
    if (sm_ret_T r = sm_pmfi_version(g, &major, &minor, &patch); sm_is_err(r))
        return mp::fail("sm_pmfi_version: " + status_text(r));
    if (major != LPMILTER_VERSION_MAJOR)
        return mp::fail("libpmilter version mismatch: library " + std::to_string(major) + ", built for " +
                        std::to_string(LPMILTER_VERSION_MAJOR));
    std::string spec = sock;
    if (sm_ret_T r = sm_pmfi_setconn(g, spec.data()); sm_is_err(r))
        return mp::fail("bad pmilter socket " + sock + ": " + status_text(r));
    if (sm_ret_T r = sm_pmfi_set_ctx_g(g, nullptr); sm_is_err(r)) return mp::fail("sm_pmfi_set_ctx_g: " + status_text(r));
    return g;
}

mp::pmilter::Limits limits(const mp::policy::PmilterOptions& o) {
    return {unsigned(o.threads_soft), unsigned(o.threads_hard), unsigned(o.max_connections)};
}

// The library thread: sm_pmfi_start() blocks while it serves; its end is the process's.
void run_library(pmg_ctx_P g, pmilter_T* desc) {
    sm_ret_T r = sm_pmfi_start(g, desc);
    if (sm_is_err(r)) mp::util::log_error("", "sm_pmfi_start: " + status_text(r));
    else mp::util::log_notice("", "libpmilter terminated");
    end(sm_is_err(r) ? 1 : 0);
}

int serve(mp::policy::Runtime& runtime) {
    // A copy: the Engine it comes from is replaced once the stores are open.
    const mp::policy::PmilterOptions pm = runtime.current()->pmilter();
    const std::string& sock = pm.socket;
    auto claim = mp::daemon::claim_socket(sock);  // held while serving (claim.hpp)
    if (!claim) return fatal(claim.error().message);
    auto g = open_library(sock);
    if (!g) return fatal(g.error().message);
    pmilter_T* desc = mp::pmilter::registration(runtime, limits(pm));
    std::thread(run_library, *g, desc).detach();  // from here on, end() the process
    if (auto r = mp::pmilter::wait_listening(sock, std::chrono::seconds(30)); !r)
        end(fatal(r.error().message), std::move(*claim));
    // Stores are opened only now, as the pmilter user (see daemon.hpp).
    mp::daemon::SocketAccess access{pm.socket_mode, pm.socket_group};
    auto dropped = mp::daemon::drop_and_open_stores(runtime, pm.user, sock, access, pm.allow_root);
    if (!dropped) end(fatal(dropped.error().message), std::move(*claim));
    mp::pmilter::set_ready();
    auto endpoint = mp::daemon::start_metrics(runtime);
    if (!endpoint) end(fatal(endpoint.error().message), std::move(*claim));
    mp::daemon::start_reload_thread(runtime);
    mp::util::log_notice("", "listening on " + sock + ", configuration " + runtime.path());
    sigset_t set = stop_signals();
    int sig = 0;
    while (sigwait(&set, &sig) != 0) {
    }
    mp::util::log_notice("", std::string(kProgram) + " stopped by signal " + std::to_string(sig));
    end(0, std::move(*claim));
}

}  // namespace

int main(int argc, char** argv) {
    mp::daemon::block_reload_signal();  // the reload thread starts after the privilege drop
    auto args = mp::daemon::parse_args(argc, argv);
    if (auto done = mp::daemon::handle_args(args, kProgram)) return *done;
    mp::policy::Runtime runtime(args->config, false);  // no store is opened as root
    if (!mp::daemon::load_config(runtime, *args, kProgram)) return 2;
    if (auto fds = mp::daemon::raise_fd_limit(); !fds) mp::util::log_warning("", fds.error().message);
    // Before any thread starts, so every thread inherits the mask.
    sigset_t set = stop_signals();
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
    return serve(runtime);
}
