// source.cpp: see source.hpp.
#include "maps/source.hpp"

#include <sys/stat.h>

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

}  // namespace mp::maps
