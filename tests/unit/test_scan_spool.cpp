// test_scan_spool.cpp: the AM.PDP spool: a fresh mode-0770 directory that
// goes away with everything in it (amavisd's parts/ too), and email.txt with
// CRLF turned into LF across piece boundaries, through a small buffer.
#include <doctest/doctest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "scan/spool.hpp"
#include "support/golden.hpp"
#include "support/tempdir.hpp"

using namespace mp::scan;
namespace fs = std::filesystem;

namespace {

std::string spooled(std::initializer_list<std::string_view> pieces, size_t buffer) {
    TempDir base;
    auto dir = SpoolDir::create(base.path);
    REQUIRE(dir);
    auto f = SpoolFile::create(dir->path(), buffer);
    REQUIRE(f);
    for (auto p : pieces) REQUIRE(f->write(p));
    REQUIRE(f->close());
    return testsupport::slurp(f->path());
}

}  // namespace

TEST_CASE("CRLF becomes LF, also when split between pieces") {
    CHECK(spooled({"a\r\nb\r\n"}, 4) == "a\nb\n");
    CHECK(spooled({"a\r", "\nb"}, 4) == "a\nb");
    CHECK(spooled({"a\r", "b\r"}, 4) == "a\rb\r");  // bare CRs stay, a trailing one too
    CHECK(spooled({"\r\r\n\n"}, 1024) == "\r\n\n");
    CHECK(spooled({"x\r", "", "\ny"}, 2) == "x\ny");
    CHECK(spooled({"Subject:", " hi\r\n", "\r\n", "body\r\n.\r\n"}, 3) == "Subject: hi\n\nbody\n.\n");
    CHECK(spooled({}, 16).empty());
}

TEST_CASE("spool directory: fresh, 0770, removed with its contents") {
    TempDir base;
    std::string path;
    {
        auto dir = SpoolDir::create(base.path);
        REQUIRE(dir);
        path = dir->path();
        CHECK(path.rfind(base.path + "/mp-", 0) == 0);
        struct stat st{};
        REQUIRE(::stat(path.c_str(), &st) == 0);
        CHECK((st.st_mode & 07777) == 0770);
        fs::create_directories(path + "/parts/deeper");  // what amavisd leaves behind
        std::ofstream(path + "/parts/p001") << "x";
        auto f = SpoolFile::create(path, 64);
        REQUIRE(f);
        REQUIRE(::stat(f->path().c_str(), &st) == 0);
        CHECK((st.st_mode & 07777) == 0640);
        auto second = SpoolDir::create(base.path);
        REQUIRE(second);
        CHECK(second->path() != path);
    }
    CHECK_FALSE(fs::exists(path));
    CHECK(fs::is_empty(base.path));
}

TEST_CASE("spool errors are values") {
    auto missing = SpoolDir::create("/nonexistent/spool");
    REQUIRE_FALSE(missing);
    CHECK(missing.error().message.find("/nonexistent/spool") != std::string::npos);
    TempDir base;
    std::ofstream(base.path + "/file") << "x";
    CHECK_FALSE(SpoolDir::create(base.path + "/file"));
    auto dir = SpoolDir::create(base.path);
    REQUIRE(dir);
    REQUIRE(SpoolFile::create(dir->path(), 8));
    CHECK_FALSE(SpoolFile::create(dir->path(), 8));  // email.txt exists: O_EXCL
    CHECK(dir->remove());
    CHECK(dir->remove());  // idempotent
}
