// spool.cpp: see spool.hpp.
#include "scan/spool.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include "util/strings.hpp"

namespace mp::scan {

namespace {

// Directory and file permissions for amavisd; see the header comment.
Result<void> hand_over(int fd, const std::string& path, mode_t mode, const struct stat& base) {
    if (::geteuid() == 0 && ::fchown(fd, base.st_uid, base.st_gid) != 0) return fail(util::errno_text("chown " + path));
    if (::fchmod(fd, mode) != 0) return fail(util::errno_text("chmod " + path));
    return {};
}

std::string parent_of(const std::string& path) { return path.substr(0, path.rfind('/')); }

}  // namespace

SpoolDir& SpoolDir::operator=(SpoolDir&& o) noexcept {
    if (this != &o) {
        (void)remove();
        path_ = std::move(o.path_);
        o.path_.clear();
    }
    return *this;
}

Result<SpoolDir> SpoolDir::create(const std::string& base) {
    struct stat st{};
    if (::stat(base.c_str(), &st) != 0) return fail(util::errno_text("spool_dir " + base));
    if (!S_ISDIR(st.st_mode)) return fail("spool_dir " + base + ": not a directory");
    std::string tmpl = base + "/mp-XXXXXX";
    if (::mkdtemp(tmpl.data()) == nullptr) return fail(util::errno_text("mkdtemp in " + base));
    SpoolDir dir(tmpl);  // removed again if anything below fails
    util::Fd fd(::open(tmpl.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!fd) return fail(util::errno_text("open " + tmpl));
    if (auto r = hand_over(fd.get(), tmpl, 0770, st); !r) return fail(r.error().message);
    return dir;
}

Result<void> SpoolDir::remove() {
    if (path_.empty()) return {};
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
    std::string p = std::move(path_);
    path_.clear();
    if (ec) return fail("removing " + p + ": " + ec.message());
    return {};
}

Result<SpoolFile> SpoolFile::create(const std::string& dir, size_t buffer_size) {
    std::string path = dir + "/email.txt";
    util::Fd fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600));
    if (!fd) return fail(util::errno_text("create " + path));
    struct stat st{};
    if (::stat(parent_of(path).c_str(), &st) != 0) return fail(util::errno_text("stat " + dir));
    if (auto r = hand_over(fd.get(), path, 0640, st); !r) return fail(r.error().message);
    SpoolFile f(std::move(fd), std::move(path), buffer_size);
    f.buf_.reserve(buffer_size);
    return f;
}

Result<void> SpoolFile::write(std::string_view s) {
    while (!s.empty()) {
        if (cr_ && s[0] != '\n')
            if (auto r = put("\r"); !r) return r;
        cr_ = false;
        size_t cr = s.find('\r');
        if (auto r = put(s.substr(0, cr)); !r) return r;
        if (cr == std::string_view::npos) break;
        cr_ = true;
        s.remove_prefix(cr + 1);
    }
    return {};
}

Result<void> SpoolFile::put(std::string_view data) {
    while (!data.empty()) {
        size_t take = std::min(data.size(), cap_ - buf_.size());
        buf_.append(data.substr(0, take));
        data.remove_prefix(take);
        if (buf_.size() == cap_)
            if (auto r = flush(); !r) return r;
    }
    return {};
}

Result<void> SpoolFile::flush() {
    std::string_view rest = buf_;
    while (!rest.empty()) {
        ssize_t n = ::write(fd_.get(), rest.data(), rest.size());
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return fail(util::errno_text("write " + path_));
        rest.remove_prefix(static_cast<size_t>(n));
    }
    buf_.clear();
    return {};
}

Result<void> SpoolFile::close() {
    if (cr_) {
        cr_ = false;
        if (auto r = put("\r"); !r) return r;
    }
    auto r = flush();
    if (fd_ && ::close(fd_.release()) != 0 && r) return fail(util::errno_text("close " + path_));
    return r;
}

}  // namespace mp::scan
