// test_scan_scanner.cpp: what Scanner::create checks at load for clamd
// fdpass: a unix: socket, and a spool_dir that exists, is a directory and
// not a symbolic link, and is not writable by every user. Nothing is opened
// inside the directory (it stays empty).
#include <doctest/doctest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <string>

#include "scan/scanner.hpp"
#include "support/tempdir.hpp"

using namespace mp::scan;
namespace fs = std::filesystem;

namespace {

Options fdpass(const std::string& spool) {
    Options o;
    o.type = Kind::Clamd;
    o.socket = "unix:/run/clamav/clamd.ctl";  // not connected at load
    o.transfer = Transfer::Fdpass;
    o.spool_dir = spool;
    return o;
}

std::string create_error(const Options& o) {
    auto s = Scanner::create(o);
    return s ? "" : s.error().message;
}

}  // namespace

TEST_CASE("fdpass spool_dir checks at load") {
    TempDir t;
    std::string good = t.path + "/spool", file = t.path + "/file", lnk = t.path + "/link",
                wide = t.path + "/open";
    REQUIRE(fs::create_directory(good));
    REQUIRE(::chmod(good.c_str(), 0700) == 0);
    REQUIRE(fs::create_directory(wide));
    REQUIRE(::chmod(wide.c_str(), 01777) == 0);
    { std::FILE* f = std::fopen(file.c_str(), "w"); REQUIRE(f); std::fclose(f); }
    fs::create_directory_symlink(good, lnk);

    const std::pair<std::string, std::string> rows[] = {
        {good, ""},
        {t.path + "/missing", "No such file or directory"},
        {file, "is not a directory"},
        {lnk, "is a symbolic link"},
        {wide, "writable by every user"},
    };
    for (const auto& row : rows) {
        const auto& [dir, want] = row;
        CAPTURE(row.first);  // clang 14 cannot capture a structured binding
        std::string err = create_error(fdpass(dir));
        if (want.empty()) CHECK(err == "");
        else CHECK_MESSAGE(err.find(want) != std::string::npos, err);
    }
    CHECK(fs::is_empty(good));

    Options tcp = fdpass(good);
    tcp.socket = "inet:3310@127.0.0.1";
    CHECK(create_error(tcp).find("unix: socket") != std::string::npos);
    Options instream = fdpass(t.path + "/missing");  // instream ignores spool_dir
    instream.transfer = Transfer::Instream;
    CHECK(create_error(instream) == "");
}
