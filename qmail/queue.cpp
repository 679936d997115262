// queue.cpp: see queue.hpp.
#include "qmail/queue.hpp"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>

#include "qmail/spool.hpp"
#include "util/raii.hpp"

namespace mp::qmail {

namespace {

bool write_all(int fd, std::string_view data) {
    while (!data.empty()) {
        ssize_t n = write(fd, data.data(), data.size());
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        data.remove_prefix(size_t(n));
    }
    return true;
}

[[noreturn]] void exec_child(const std::string& program, int msg_fd, int env_fd) {
    if (dup2(msg_fd, 0) < 0 || dup2(env_fd, 1) < 0) _exit(kInternal);
    if (msg_fd > 1) close(msg_fd);
    if (env_fd > 1) close(env_fd);
    unsetenv("QMAILQUEUE");
    char* argv[] = {const_cast<char*>(program.c_str()), nullptr};
    execv(program.c_str(), argv);
    _exit(kInternal);
}

bool write_message(int fd, std::string_view head, const Spool& spool, size_t body) {
    if (!write_all(fd, head)) return false;
    for (size_t at = body; at < spool.size(); at += 65536) {
        auto chunk = spool.at(at, 65536);
        if (!chunk || !write_all(fd, *chunk)) return false;
    }
    return true;
}

}  // namespace

int run_queue(const std::string& program, std::string_view head, const Spool& spool, size_t body,
              std::string_view envelope) {
    int m[2], e[2];
    if (pipe(m) != 0) return kInternal;
    util::Fd mr(m[0]), mw(m[1]);
    if (pipe(e) != 0) return kInternal;
    util::Fd er(e[0]), ew(e[1]);
    signal(SIGPIPE, SIG_IGN);  // a queue program that exits early gives EPIPE
    pid_t pid = fork();
    if (pid < 0) return kInternal;
    if (pid == 0) {
        close(mw.get());
        close(ew.get());
        exec_child(program, mr.get(), er.get());
    }
    mr.reset();
    er.reset();
    bool ok = write_message(mw.get(), head, spool, body);
    mw.reset();
    ok = ok && write_all(ew.get(), envelope);
    ew.reset();
    int status = 0;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR) return kInternal;
    if (!WIFEXITED(status)) return kInternal;
    int code = WEXITSTATUS(status);
    return code == 0 && !ok ? kInternal : code;
}

}  // namespace mp::qmail
