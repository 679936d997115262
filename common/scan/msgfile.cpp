// msgfile.cpp: see msgfile.hpp.
#include "scan/msgfile.hpp"

#include <fcntl.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "util/strings.hpp"

namespace mp::scan {

namespace {

// A file system without O_TMPFILE answers one of these (open(2)).
bool no_tmpfile_support(int e) { return e == EOPNOTSUPP || e == EISDIR || e == EINVAL; }

// mkostemp and unlink at once: the name exists for the two calls only, and
// O_EXCL with mode 0600 means no one else could have made or opened it.
Result<util::Fd> named_then_unlinked(const std::string& dir) {
    std::string tmpl = dir + "/mp-fdpass-XXXXXX";
    util::Fd fd(::mkostemp(tmpl.data(), O_CLOEXEC));
    if (!fd) return fail(util::errno_text("mkostemp in " + dir));
    if (::unlink(tmpl.c_str()) != 0) return fail(util::errno_text("unlink " + tmpl));
    return fd;
}

}  // namespace

Result<MessageFile> MessageFile::create(const std::string& dir, size_t buffer_size) {
    util::Fd fd(::open(dir.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600));
    if (!fd && !no_tmpfile_support(errno)) return fail(util::errno_text("O_TMPFILE in " + dir));
    if (!fd) {
        auto named = named_then_unlinked(dir);
        if (!named) return fail(named.error().message);
        fd = std::move(*named);
    }
    MessageFile f(std::move(fd), dir, buffer_size);
    f.buf_.reserve(buffer_size);
    return f;
}

Result<void> MessageFile::write(std::string_view s) {
    size_ += s.size();
    if (buf_.size() + s.size() < cap_) {
        buf_.append(s);
        return {};
    }
    auto r = write_out(buf_, s);
    buf_.clear();
    return r;
}

Result<void> MessageFile::flush() {
    auto r = write_out(buf_, {});
    buf_.clear();
    return r;
}

// Both parts, back to back, in as few writev() calls as the kernel takes.
Result<void> MessageFile::write_out(std::string_view first, std::string_view second) {
    while (!first.empty() || !second.empty()) {
        iovec iov[2] = {{const_cast<char*>(first.data()), first.size()},
                        {const_cast<char*>(second.data()), second.size()}};
        ssize_t n = first.empty() ? ::writev(fd_.get(), iov + 1, 1) : ::writev(fd_.get(), iov, 2);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return fail(util::errno_text("writing the message file in " + dir_));
        auto done = static_cast<size_t>(n);
        size_t from_first = std::min(done, first.size());
        first.remove_prefix(from_first);
        second.remove_prefix(done - from_first);
    }
    return {};
}

}  // namespace mp::scan
