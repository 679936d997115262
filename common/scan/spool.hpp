// spool.hpp: the per-message AM.PDP spool. SpoolDir is a fresh directory
// (mkdtemp "mp-XXXXXX") under the configured base, removed with everything
// in it (amavisd's parts/ too) when the SpoolDir goes away: whatever ended
// the scan, timeout and abort included. SpoolFile writes email.txt through a
// fixed buffer, so disk, not memory, grows with the message, and writes it
// with LF line ends.
//
// Ownership (amavisd runs as its own user and must read email.txt AND create
// parts/ in the directory, which milterpack then removes):
//  - as root, the directory and email.txt are given to the owner and group
//    of the base directory (make the base amavis-owned, or $TEMPBASE itself);
//  - as another user, the directory is mode 0770 and email.txt 0640: put
//    milterpack's user in amavis's group and make the base setgid to that
//    group (chmod 2770), and set amavisd's $umask = 0007 so milterpack can
//    remove what amavisd leaves in parts/. Running milterpack as the amavis
//    user also works.
// The base must lie under amavisd's $TEMPBASE (or $MYHOME) and its path may
// use only [A-Za-z0-9_.-/]: amavisd refuses other tempdir names.
#pragma once
#include <string>
#include <string_view>

#include "util/raii.hpp"
#include "util/result.hpp"

namespace mp::scan {

class SpoolDir {
public:
    static Result<SpoolDir> create(const std::string& base);
    SpoolDir(SpoolDir&& o) noexcept : path_(std::move(o.path_)) { o.path_.clear(); }
    SpoolDir& operator=(SpoolDir&& o) noexcept;
    SpoolDir(const SpoolDir&) = delete;
    SpoolDir& operator=(const SpoolDir&) = delete;
    ~SpoolDir() { (void)remove(); }

    const std::string& path() const { return path_; }
    // Remove the directory and its contents now; idempotent.
    Result<void> remove();

private:
    explicit SpoolDir(std::string p) : path_(std::move(p)) {}
    std::string path_;
};

class SpoolFile {
public:
    // Creates `dir`/email.txt, owned like the directory.
    static Result<SpoolFile> create(const std::string& dir, size_t buffer_size);
    // Appends `data` with CRLF turned into LF (a CR that ends one piece waits
    // for the next); amavisd reads mail files with Unix line ends.
    Result<void> write(std::string_view data);
    Result<void> close();  // flushes, a held-back CR included
    const std::string& path() const { return path_; }

private:
    SpoolFile(util::Fd fd, std::string path, size_t cap) : fd_(std::move(fd)), path_(std::move(path)), cap_(cap) {}
    Result<void> put(std::string_view data);
    Result<void> flush();
    util::Fd fd_;
    std::string path_;
    std::string buf_;
    size_t cap_;
    bool cr_ = false;
};

}  // namespace mp::scan
