// msgfile.hpp: one message in an unlinked temporary file, for clamd's FILDES
// (clamd_fdpass.hpp). The file has no name from the start (O_TMPFILE; on a
// file system without it, mkostemp and an immediate unlink), mode 0600, so
// nothing is left on disk whatever ends the process, and only a holder of the
// descriptor can read it. Writes go through one buffer of `buffer_size`
// bytes: small pieces (header fields) are collected; a piece that fills the
// buffer goes out together with it in one writev() straight from the
// caller's memory. Memory stays at buffer_size whatever the message size;
// disk grows with the message.
//   auto f = MessageFile::create("/var/spool/milterpack/clamd", 64 << 10);
//   f->write(bytes); ...; f->flush();   // then pass f->fd() to clamd
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "util/raii.hpp"
#include "util/result.hpp"

namespace mp::scan {

class MessageFile {
public:
    static Result<MessageFile> create(const std::string& dir, size_t buffer_size);
    Result<void> write(std::string_view data);
    Result<void> flush();  // everything written so far is in the file
    int fd() const { return fd_.get(); }
    uint64_t size() const { return size_; }  // bytes written, buffered ones included

private:
    MessageFile(util::Fd fd, std::string dir, size_t cap) : fd_(std::move(fd)), dir_(std::move(dir)), cap_(cap) {}
    Result<void> write_out(std::string_view first, std::string_view second);
    util::Fd fd_;
    std::string dir_;  // for error messages
    std::string buf_;
    size_t cap_;
    uint64_t size_ = 0;
};

}  // namespace mp::scan
