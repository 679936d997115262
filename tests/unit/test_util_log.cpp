// test_util_log.cpp: a log line is one line. Control bytes in the message
// (CR/LF from an envelope address, a multi-line error) are escaped, so a
// client cannot forge a second log line and a grep by queue id sees it all.
#include <doctest/doctest.h>

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "util/log.hpp"

namespace {

// What log_info(qid, message) writes to stderr.
std::string logged(std::string_view qid, std::string_view message) {
    std::string path = (std::filesystem::temp_directory_path() / ("mp_log_" + std::to_string(::getpid()))).string();
    std::fflush(stderr);
    int saved = ::dup(2);
    std::FILE* f = std::fopen(path.c_str(), "w");
    ::dup2(::fileno(f), 2);
    mp::util::log_setup({.ident = "t", .facility = "mail", .to_stderr = true, .level = mp::util::LogLevel::Info});
    mp::util::log_info(qid, message);
    std::fflush(stderr);
    ::dup2(saved, 2);
    ::close(saved);
    std::fclose(f);
    std::stringstream ss;
    ss << std::ifstream(path).rdbuf();
    std::filesystem::remove(path);
    return ss.str();
}

}  // namespace

TEST_CASE("control bytes in a log message are escaped: one line per call") {
    struct Row {
        std::string message, want;
    };
    for (const Row& r : std::vector<Row>{
             {"from=<a@example.org>", "from=<a@example.org>"},
             {"from=<a\r\nQ1: forged@example.org>", "from=<a\\r\\nQ1: forged@example.org>"},
             {"first\nsecond\n", "first\\nsecond\\n"},
             {std::string("nul\0tab\tdel\x7f", 12), "nul\\x00tab\\tdel\\x7f"},
             {"utf-8 \xc3\xa9 stays", "utf-8 \xc3\xa9 stays"},
         }) {
        CAPTURE(r.message);
        CHECK(logged("Q1", r.message) == "t[info] Q1: " + r.want + "\n");
    }
}
