// source.cpp: see source.hpp.
#include "maps/source.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "util/raii.hpp"

namespace mp::maps {

std::optional<FileStamp> stamp_of(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return std::nullopt;
    FileStamp s;
    s.dev = (unsigned long)st.st_dev;
    s.ino = (unsigned long)st.st_ino;
    s.size = (long long)st.st_size;
    s.mtime_ns = (long long)st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec;
    s.ctime_ns = (long long)st.st_ctim.tv_sec * 1000000000LL + st.st_ctim.tv_nsec;
    return s;
}

bool settled(const std::optional<FileStamp>& previous, const std::optional<FileStamp>& current, long long now_ns,
             long long settle_ns) {
    if (!previous || !current || !(*previous == *current)) return false;
    return now_ns < current->mtime_ns || now_ns - current->mtime_ns >= settle_ns;
}

bool ends_in_newline(const std::string& path) {
    util::Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    struct stat st {};
    if (!fd || ::fstat(fd.get(), &st) != 0) return false;
    if (st.st_size == 0) return true;
    char last = 0;
    return ::pread(fd.get(), &last, 1, st.st_size - 1) == 1 && last == '\n';
}

bool whole(const std::optional<FileStamp>& before, const std::optional<FileStamp>& after, bool newline, long long now_ns,
           long long settle_ns) {
    if (!before || !after || !(*before == *after) || !newline) return false;
    return after->size > 0 || now_ns < after->mtime_ns || now_ns - after->mtime_ns >= settle_ns;
}

bool wait_whole(const std::string& path, long long max_ns) {
    const struct timespec step {0, 100000000L};
    for (long long waited = 0;; waited += step.tv_nsec) {
        auto before = stamp_of(path);
        if (!before) return true;  // gone: the loader reports it
        if (util::Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC)); !fd) return true;  // unreadable: likewise, with errno
        ::nanosleep(&step, nullptr);
        if (whole(before, stamp_of(path), ends_in_newline(path), wall_ns(), kSettleNs)) return true;
        if (waited >= max_ns) return false;
    }
}

long long wall_ns() {
    struct timespec ts {};
    ::clock_gettime(CLOCK_REALTIME, &ts);
    return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

}  // namespace mp::maps
