// main.cpp: milterpack-milter, the libmilter front door for sendmail 8 and
// Postfix. Runs in the foreground:
//   milterpack-milter -f /etc/milterpack/rx.conf [-d]
// Loads the configuration (exit 2 with every error when it is bad), opens the
// milter socket, drops privileges, and serves until SIGTERM/SIGHUP (libmilter
// stops) or SIGINT (libmilter aborts). SIGUSR1 reloads the configuration.
#include <libmilter/mfapi.h>

#include <cstdio>
#include <string>

#include "milters/callbacks.hpp"
#include "daemon/args.hpp"
#include "daemon/daemon.hpp"
#include "policy/engine.hpp"
#include "util/log.hpp"

namespace {

const char* const kProgram = "milterpack-milter";

int fatal(const std::string& what) { return mp::daemon::fatal(kProgram, what); }

int serve(mp::policy::Runtime& runtime) {
    const mp::policy::MilterOptions& m = runtime.current()->milter();
    std::string sock = m.socket;
    if (auto r = mp::daemon::probe_socket(sock); !r) return fatal(r.error().message);
    if (smfi_setconn(sock.data()) != MI_SUCCESS) return fatal("bad milter socket: " + sock);
    smfi_settimeout(int(m.timeout.count()));
    smfi_setbacklog(m.backlog);
    if (!mp::milters::register_filter(runtime)) return fatal("smfi_register failed");
    if (smfi_opensocket(1) != MI_SUCCESS) return fatal("cannot open milter socket " + sock);
    auto dropped = mp::daemon::drop_privileges(m.user, sock, m.socket_mode, m.allow_root,
                                                runtime.current()->owned_paths());
    if (!dropped) return fatal(dropped.error().message);
    mp::util::log_notice("", "listening on " + sock + ", configuration " + runtime.path());
    return smfi_main() == MI_SUCCESS ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
    auto args = mp::daemon::parse_args(argc, argv);
    if (!args) return mp::daemon::usage(kProgram);
    mp::policy::Runtime runtime(args->config);
    if (!mp::daemon::load_config(runtime, *args, kProgram)) return 2;
    mp::daemon::start_reload_thread(runtime);
    return serve(runtime);
}
