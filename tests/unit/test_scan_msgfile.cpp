// test_scan_msgfile.cpp: the unlinked message file of clamd fdpass: what was
// written comes back byte for byte whatever the piece and buffer sizes, the
// directory stays empty (no name at any time it can be seen), the size counts
// buffered bytes, and a missing directory is an error value.
#include <doctest/doctest.h>

#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include "scan/msgfile.hpp"
#include "support/tempdir.hpp"

using namespace mp::scan;
namespace fs = std::filesystem;

namespace {

std::string read_all(int fd) {
    std::string out;
    char buf[4096];
    for (off_t at = 0;;) {
        ssize_t n = ::pread(fd, buf, sizeof buf, at);
        if (n <= 0) return out;
        out.append(buf, static_cast<size_t>(n));
        at += n;
    }
}

std::string pattern(size_t n) {
    std::string s;
    for (size_t i = 0; i < n; ++i) s += static_cast<char>('a' + i % 26);
    return s;
}

}  // namespace

TEST_CASE("pieces come back byte for byte, through any buffer size") {
    struct Row {
        std::vector<size_t> pieces;
        size_t buffer;
    };
    const Row rows[] = {
        {{5, 7, 1}, 1024},                  // all buffered until flush
        {{1000, 30, 2000, 1}, 1024},        // a piece that fills the buffer goes out with it
        {{1024}, 1024},                     // exactly the buffer
        {{1023, 1}, 1024},                  // the second piece fills it
        {{70000, 3, 65536, 65536}, 65536},  // MTA body chunks
        {{}, 1024},                         // nothing at all
    };
    for (const auto& r : rows) {
        TempDir dir;
        auto f = MessageFile::create(dir.path, r.buffer);
        REQUIRE_MESSAGE(f, (f ? "" : f.error().message));
        std::string want;
        for (size_t n : r.pieces) {
            std::string piece = pattern(n + want.size()).substr(want.size());
            REQUIRE(f->write(piece));
            want += piece;
        }
        CHECK(f->size() == want.size());
        CHECK(dir.empty());
        REQUIRE(f->flush());
        CHECK(read_all(f->fd()) == want);
        CHECK(dir.empty());
    }
}

TEST_CASE("a missing directory is an error value naming it") {
    auto f = MessageFile::create("/nonexistent/mp-spool", 1024);
    REQUIRE_FALSE(f);
    CHECK(f.error().message.find("/nonexistent/mp-spool") != std::string::npos);
}
