// spool.hpp: the message from fd 0 with bounded memory: up to kInMemory bytes
// stay in memory; a larger message goes to an unlinked temporary file in
// $TMPDIR (default /tmp), read back in chunks. read_from() fills a Spool;
// at(offset, n) returns up to n bytes from offset.
//   auto s = Spool::read_from(0);      // Result<Spool>
//   std::string head = s->at(0, 65536);
#pragma once
#include <cstddef>
#include <string>

#include "util/raii.hpp"
#include "util/result.hpp"

namespace mp::qmail {

class Spool {
public:
    static constexpr size_t kInMemory = 1 << 20;
    static Result<Spool> read_from(int fd);
    size_t size() const { return size_; }
    bool on_disk() const { return bool(file_); }
    Result<std::string> at(size_t offset, size_t n) const;

private:
    Result<void> to_file();
    std::string mem_;
    util::Fd file_;
    size_t size_ = 0;
};

}  // namespace mp::qmail
