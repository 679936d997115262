// main.cpp: milterpack-milter, the libmilter front door for sendmail 8 and
// Postfix. Runs in the foreground:
//   milterpack-milter -f /etc/milterpack/rx.conf [-d]    (--help, --version)
// Loads the configuration (exit 2 with every error when it is bad), opens the
// milter socket, drops privileges, and serves until SIGTERM/SIGHUP (libmilter
// stops) or SIGINT (libmilter aborts). SIGUSR1 reloads the configuration.
#include <libmilter/mfapi.h>
#include <signal.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "milters/callbacks.hpp"
#include "daemon/args.hpp"
#include "daemon/claim.hpp"
#include "daemon/daemon.hpp"
#include "daemon/fds.hpp"
#include "daemon/metrics_endpoint.hpp"
#include "policy/engine.hpp"
#include "util/log.hpp"

namespace {

const char* const kProgram = "milterpack-milter";

int fatal(const std::string& what) { return mp::daemon::fatal(kProgram, what); }

int serve(mp::policy::Runtime& runtime) {
    auto first = runtime.current();  // replaced once the stores are open
    const mp::policy::MilterOptions& m = first->milter();
    std::string sock = m.socket;
    auto claim = mp::daemon::claim_socket(sock);  // held while serving (claim.hpp)
    if (!claim) return fatal(claim.error().message);
    if (smfi_setconn(sock.data()) != MI_SUCCESS) return fatal("bad milter socket: " + sock);
    smfi_settimeout(int(m.timeout.count()));
    smfi_setbacklog(m.backlog);
    // Accept milter packets up to 1 MB (SMFIP_MDS_1M) instead of dropping the
    // connection above 64 KB; the MTA still sends body chunks of its own size.
    smfi_setmaxdatasize(1024 * 1024 - 1);
    if (!mp::milters::register_filter(runtime)) return fatal("smfi_register failed");
    if (smfi_opensocket(1) != MI_SUCCESS) return fatal("cannot open milter socket " + sock);
    // Stores are opened only now, as the milter user (see daemon.hpp).
    mp::daemon::SocketAccess access{m.socket_mode, m.socket_group};
    auto dropped = mp::daemon::drop_and_open_stores(runtime, m.user, sock, access, m.allow_root);
    if (!dropped) return fatal(dropped.error().message);
    auto endpoint = mp::daemon::start_metrics(runtime);
    if (!endpoint) return fatal(endpoint.error().message);
    mp::daemon::start_reload_thread(runtime);
    mp::util::log_notice("", "listening on " + sock + ", configuration " + runtime.path());
    int status = smfi_main() == MI_SUCCESS ? 0 : 1;
    mp::util::log_notice("", std::string(kProgram) + " stopped" + (status ? " (libmilter failed)" : ""));
    // End here: the detached reload thread still uses `runtime`, which
    // returning from main would destroy under it (ThreadSanitizer saw it).
    // Committed LMDB transactions are in the page cache, as after kill -9.
    std::fflush(nullptr);
    std::_Exit(status);
}

}  // namespace

int main(int argc, char** argv) {
    mp::daemon::block_reload_signal();  // the reload thread starts after the privilege drop
    // SIGTERM, SIGHUP and SIGINT belong to libmilter's signal thread (it
    // blocks them only when smfi_main starts): blocked here, before the reload
    // and metrics threads exist, so none of those threads takes one and dies
    // of it instead of letting libmilter stop and the shutdown line be logged.
    sigset_t stop;
    sigemptyset(&stop);
    for (int s : {SIGTERM, SIGHUP, SIGINT}) sigaddset(&stop, s);
    pthread_sigmask(SIG_BLOCK, &stop, nullptr);
    auto args = mp::daemon::parse_args(argc, argv);
    if (auto done = mp::daemon::handle_args(args, kProgram)) return *done;
    mp::policy::Runtime runtime(args->config, false);  // no store is opened as root
    if (!mp::daemon::load_config(runtime, *args, kProgram)) return 2;
    if (auto fds = mp::daemon::raise_fd_limit(); !fds) mp::util::log_warning("", fds.error().message);
    return serve(runtime);
}
