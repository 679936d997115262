// raii.cpp: see raii.hpp.
#include "util/raii.hpp"

#include <unistd.h>

namespace mp::util {

Fd& Fd::operator=(Fd&& o) noexcept {
    if (this != &o) reset(o.release());
    return *this;
}

Fd::~Fd() { reset(); }

void Fd::reset(int fd) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = fd;
}

}  // namespace mp::util
