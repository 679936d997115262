// journal_file.cpp: see journal_file.hpp. Pitfalls handled here:
//  - fdatasync after an append that grows the file must also write the new
//    size (and on ext4 unwritten extents from fallocate must be converted):
//    a journal commit of the file system per batch. Writing real zeros up
//    front makes every later append an overwrite.
//  - a rename is durable only after an fsync of the directory.
//  - zeroing a journal takes as long as writing journal_size bytes and one
//    fsync (most of a second for 64 MB here): the spare is made ahead of
//    time so that a rotation only renames it.
//  - pwrite may write less than asked; loop.
#include "greylist/journal_file.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>

#include "greylist/journal_record.hpp"
#include "util/strings.hpp"

namespace mp::greylist::journal {

namespace {

Result<void> write_all(int fd, std::string_view data, uint64_t at, const std::string& path) {
    while (!data.empty()) {
        ssize_t n = pwrite(fd, data.data(), data.size(), off_t(at));
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return fail(util::errno_text("greylisting journal: write " + path));
        data.remove_prefix(size_t(n));
        at += uint64_t(n);
    }
    return {};
}

Result<util::Fd> create_file(const std::string& path) {
    util::Fd fd(::open(path.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0640));
    if (!fd) return fail(util::errno_text("greylisting journal: create " + path));
    return fd;
}

// The generation of "PREFIX.G"; nullopt for any other name.
std::optional<uint64_t> generation_of(std::string_view name, std::string_view prefix) {
    if (name.substr(0, prefix.size()) != prefix) return std::nullopt;
    std::string_view digits = name.substr(prefix.size());
    uint64_t g = 0;
    auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), g);
    if (digits.empty() || ec != std::errc() || p != digits.data() + digits.size()) return std::nullopt;
    return g;
}

}  // namespace

std::string journal_path(const std::string& dir, uint64_t gen) { return dir + "/journal." + std::to_string(gen); }
std::string snapshot_path(const std::string& dir, uint64_t gen) { return dir + "/snapshot." + std::to_string(gen); }

Result<void> prepare_spare(const std::string& dir, uint64_t size, const std::atomic<bool>* stop) {
    std::string path = dir + "/journal.spare", tmp = path + ".tmp";
    auto fd = create_file(tmp);
    if (!fd) return fail(fd.error().message);
    std::string zeros(1 << 20, '\0');
    for (uint64_t at = 0; at < size; at += zeros.size()) {
        if (stop && *stop) return fail("greylisting journal: " + tmp + ": stopped");
        std::string_view chunk = std::string_view(zeros).substr(0, std::min<uint64_t>(zeros.size(), size - at));
        if (auto w = write_all(fd->get(), chunk, at, tmp); !w) return w;
    }
    if (fsync(fd->get()) != 0) return fail(util::errno_text("greylisting journal: fsync " + tmp));
    if (rename(tmp.c_str(), path.c_str()) != 0) return fail(util::errno_text("greylisting journal: rename " + tmp));
    return sync_dir(dir);
}

// The spare when it has the size asked for, else a new one made here.
Result<JournalFile> JournalFile::create(const std::string& dir, uint64_t gen, uint64_t size) {
    std::string spare = dir + "/journal.spare", path = journal_path(dir, gen);
    struct stat st {};
    if (::stat(spare.c_str(), &st) != 0 || uint64_t(st.st_size) != size) {
        unlink(spare.c_str());
        if (auto r = prepare_spare(dir, size); !r) return fail(r.error().message);
    }
    util::Fd fd(::open(spare.c_str(), O_RDWR | O_CLOEXEC));
    if (!fd) return fail(util::errno_text("greylisting journal: open " + spare));
    if (auto w = write_all(fd.get(), header(kJournalMagic, gen), 0, spare); !w) return fail(w.error().message);
    if (fdatasync(fd.get()) != 0) return fail(util::errno_text("greylisting journal: fdatasync " + spare));
    if (rename(spare.c_str(), path.c_str()) != 0) return fail(util::errno_text("greylisting journal: rename " + spare));
    if (auto s = sync_dir(dir); !s) return fail(s.error().message);
    return JournalFile(std::move(fd), path, size, kHeaderSize);
}

Result<void> JournalFile::append(std::string_view data) {
    if (data.size() > room()) return fail("greylisting journal: " + path_ + " is full");
    if (auto w = write_all(fd_.get(), data, end_, path_); !w) return w;
    end_ += data.size();
    return {};
}

Result<void> JournalFile::sync() {
    if (fdatasync(fd_.get()) != 0) return fail(util::errno_text("greylisting journal: fdatasync " + path_));
    return {};
}

Result<void> write_snapshot(const std::string& dir, uint64_t gen, std::string_view bytes) {
    std::string path = snapshot_path(dir, gen), tmp = path + ".tmp";
    auto fd = create_file(tmp);
    if (!fd) return fail(fd.error().message);
    if (auto w = write_all(fd->get(), bytes, 0, tmp); !w) return w;
    if (fsync(fd->get()) != 0) return fail(util::errno_text("greylisting journal: fsync " + tmp));
    if (rename(tmp.c_str(), path.c_str()) != 0) return fail(util::errno_text("greylisting journal: rename " + tmp));
    return sync_dir(dir);
}

Result<std::string> read_file(const std::string& path) {
    util::Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (!fd) return fail(util::errno_text("greylisting journal: open " + path));
    std::string out;
    char buf[1 << 16];
    for (;;) {
        ssize_t n = read(fd.get(), buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return fail(util::errno_text("greylisting journal: read " + path));
        if (n == 0) return out;
        out.append(buf, size_t(n));
    }
}

Result<void> sync_dir(const std::string& dir) {
    util::Fd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!fd || fsync(fd.get()) != 0) return fail(util::errno_text("greylisting journal: fsync " + dir));
    return {};
}

Result<Generations> list_generations(const std::string& dir) {
    DIR* d = opendir(dir.c_str());
    if (!d) return fail(util::errno_text("greylisting journal: " + dir));
    Generations g;
    while (dirent* e = readdir(d)) {
        std::string_view name = e->d_name;
        if (name.size() > 4 && name.substr(name.size() - 4) == ".tmp") {
            g.stale.push_back(dir + "/" + std::string(name));
        } else if (auto s = generation_of(name, "snapshot.")) {
            g.snapshots.push_back(*s);
        } else if (auto j = generation_of(name, "journal.")) {
            g.journals.push_back(*j);
        }
    }
    closedir(d);
    std::sort(g.snapshots.begin(), g.snapshots.end());
    std::sort(g.journals.begin(), g.journals.end());
    return g;
}

Result<DirLock> DirLock::take(const std::string& dir) {
    std::string path = dir + "/lock";
    util::Fd fd(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0640));
    if (!fd) return fail(util::errno_text("greylisting journal: " + path));
    if (flock(fd.get(), LOCK_EX | LOCK_NB) != 0) {
        if (errno == EWOULDBLOCK)
            return fail("greylisting journal: " + dir + " is in use by another process (the milter?): "
                        "one process owns a journal store");
        return fail(util::errno_text("greylisting journal: lock " + path));
    }
    return DirLock(std::move(fd));
}

}  // namespace mp::greylist::journal
