// fds.cpp: see fds.hpp.
#include "daemon/fds.hpp"

#include <dirent.h>
#include <sys/resource.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "util/log.hpp"

namespace mp::daemon {

namespace {

// Open descriptors of this process; -1 when they cannot be counted because
// none is left (EMFILE/ENFILE from opendir itself).
long count_fds() {
    DIR* d = ::opendir("/proc/self/fd");
    if (!d) return (errno == EMFILE || errno == ENFILE) ? -1 : 0;
    long n = 0;
    while (::readdir(d)) ++n;
    ::closedir(d);
    return n - 3;  // ".", ".." and the directory's own descriptor
}

long soft_limit() {
    struct rlimit rl {};
    if (::getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur == RLIM_INFINITY) return 0;
    return long(rl.rlim_cur);
}

}  // namespace

Result<long> raise_fd_limit() {
    struct rlimit rl {};
    if (::getrlimit(RLIMIT_NOFILE, &rl) != 0) return fail(std::string("getrlimit: ") + std::strerror(errno));
    if (rl.rlim_cur != rl.rlim_max) {
        rlim_t want = rl.rlim_max == RLIM_INFINITY ? rlim_t(1048576) : rl.rlim_max;
        struct rlimit raised = {want, rl.rlim_max};
        if (::setrlimit(RLIMIT_NOFILE, &raised) != 0)
            return fail("raising RLIMIT_NOFILE to " + std::to_string(want) + ": " + std::strerror(errno));
    }
    return soft_limit();
}

bool fds_short(long open, long limit) {
    if (limit <= 0) return false;
    return limit - open < std::max(8L, limit / 32);
}

void FdWatch::check() {
    long limit = soft_limit();
    long open = count_fds();
    bool now_short = open < 0 || fds_short(open, limit);
    if (now_short == short_) return;
    short_ = now_short;
    std::string count = open < 0 ? "all" : std::to_string(open);
    if (short_)
        util::log_error("", "out of file descriptors (" + count + " of " + std::to_string(limit) +
                                " open): new MTA connections wait until one closes; raise LimitNOFILE "
                                "or lower milter { timeout }");
    else
        util::log_notice("", "file descriptors available again (" + count + " of " + std::to_string(limit) + " open)");
}

}  // namespace mp::daemon
