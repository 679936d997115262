// spool.cpp: see spool.hpp.
#include "qmail/spool.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace mp::qmail {

namespace {

Result<void> write_all(int fd, const char* p, size_t n) {
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return fail(std::string("spool write: ") + std::strerror(errno));
        p += w;
        n -= size_t(w);
    }
    return {};
}

}  // namespace

Result<void> Spool::to_file() {
    const char* dir = std::getenv("TMPDIR");
    std::string path = std::string(dir && *dir ? dir : "/tmp") + "/milterpack-qmail-XXXXXX";
    int fd = mkstemp(path.data());
    if (fd < 0) return fail("spool file in " + path + ": " + std::strerror(errno));
    file_.reset(fd);
    unlink(path.c_str());
    if (auto w = write_all(fd, mem_.data(), mem_.size()); !w) return w;
    mem_.clear();
    mem_.shrink_to_fit();
    return {};
}

Result<Spool> Spool::read_from(int fd) {
    Spool s;
    char buf[65536];
    while (true) {
        ssize_t n = read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return fail(std::string("read: ") + std::strerror(errno));
        if (n == 0) return s;
        s.size_ += size_t(n);
        if (!s.file_ && s.size_ > kInMemory)
            if (auto r = s.to_file(); !r) return fail(r.error().message);
        if (!s.file_) s.mem_.append(buf, size_t(n));
        else if (auto w = write_all(s.file_.get(), buf, size_t(n)); !w) return fail(w.error().message);
    }
}

Result<std::string> Spool::at(size_t offset, size_t n) const {
    if (offset >= size_) return std::string();
    n = std::min(n, size_ - offset);
    if (!file_) return mem_.substr(offset, n);
    std::string out(n, '\0');
    size_t got = 0;
    while (got < n) {
        ssize_t r = pread(file_.get(), out.data() + got, n - got, off_t(offset + got));
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) return fail(std::string("spool read: ") + std::strerror(errno));
        got += size_t(r);
    }
    return out;
}

}  // namespace mp::qmail
