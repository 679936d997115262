// main.cpp: milterpack-qmail-queue, the QMAILQUEUE front end for qmail-smtpd.
// qmail-smtpd runs $QMAILQUEUE without arguments, so the configuration and
// the real qmail-queue come from the environment (or -f / -q for wrappers):
//   QMAILQUEUE=/usr/sbin/milterpack-qmail-queue
//   MILTERPACK_CONF=/etc/milterpack/qmail.conf       (default)
//   MILTERPACK_QMAILQUEUE=/var/qmail/bin/qmail-queue (default)
// Reads the message (fd 0) and the envelope (fd 1), runs the policy (run.hpp)
// and exits with qmail-queue's codes, so qmail-smtpd answers at SMTP time:
// 0 queued (by the real qmail-queue, whose code it passes on), 31 refused,
// 71 temporary refusal, 54 read error, 55 bad configuration, 91 bad envelope.
// Logging as the configuration's log section says (syslog by default).
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <string>

#include "policy/engine.hpp"
#include "policy/logging.hpp"
#include "qmail/queue.hpp"
#include "qmail/run.hpp"
#include "qmail/spool.hpp"
#include "util/log.hpp"

namespace {

bool read_all(int fd, std::string& out) {
    char buf[65536];
    while (true) {
        ssize_t n = read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return false;
        if (n == 0) return true;
        out.append(buf, size_t(n));
    }
}

std::string env_or(const char* name, const char* def) {
    const char* v = std::getenv(name);
    return v && *v ? v : def;
}

}  // namespace

int main(int argc, char** argv) {
    namespace q = mp::qmail;
    std::string conf = env_or("MILTERPACK_CONF", "/etc/milterpack/qmail.conf");
    std::string queue = env_or("MILTERPACK_QMAILQUEUE", "/var/qmail/bin/qmail-queue");
    for (int opt; (opt = getopt(argc, argv, "f:q:")) != -1;) {
        if (opt == 'f') conf = optarg;
        else if (opt == 'q') queue = optarg;
        else return q::kConfigError;
    }
    mp::policy::Runtime runtime(conf, true);
    if (auto r = runtime.load(); !r) {
        mp::policy::setup_logging({}, "milterpack-qmail-queue", true);
        for (const auto& e : r.error().errors) mp::util::log_error("", e);
        return q::kConfigError;
    }
    auto engine = runtime.current();
    mp::policy::setup_logging(engine->log(), "milterpack-qmail-queue", false);
    auto msg = q::Spool::read_from(0);
    if (!msg) {
        mp::util::log_error("", "qmail message: " + msg.error().message);
        return q::kReadError;
    }
    std::string envelope;
    if (!read_all(1, envelope)) return q::kReadError;
    return q::run_message(engine, q::ClientEnv::from_environment(), *msg, envelope, queue);
}
