// memory_test.cpp: a 25 MB message fed in 64 KiB body chunks (sendmail's
// milter chunk size) must not grow the process by ~25 MB: clamd streaming
// keeps one chunk_size buffer, clamd fdpass and the amavisd spool go to disk. The message is
// generated chunk by chunk, and the peak RSS (VmHWM) is reset through
// /proc/self/clear_refs before each run, so the figure is this scan's own.
#include <doctest/doctest.h>

#include <fstream>
#include <string>

#include "peers.hpp"

using namespace mp::scan;
using namespace scantest;
using namespace std::chrono_literals;

namespace {

PeerDir& memory_peers() { return suite_peers(Peers::ClamdAmavisd); }

long status_kb(const char* field) {
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind(field, 0) == 0) return std::stol(line.substr(std::string(field).size()));
    return -1;
}

// Peak RSS growth (KiB) while scanning `total` bytes; the outcome in `out`.
long scan_peak_growth(const Options& o, size_t total, Outcome& out) {
    std::string chunk;
    for (size_t i = 0; chunk.size() < 65536; ++i) chunk += "line " + std::to_string(i) + " of filler text\r\n";
    chunk.resize(65536);
    auto s = Scanner::create(o);
    REQUIRE(s);
    std::ofstream("/proc/self/clear_refs") << "5";  // VmHWM := VmRSS
    long before = status_kb("VmHWM:");
    auto job = (*s)->begin(envelope());
    for (const auto& [n, v] : clean_message().headers) job->header(n, v);
    job->eoh();
    for (size_t sent = 0; sent < total; sent += chunk.size()) job->body(chunk);
    out = job->finish();
    long after = status_kb("VmHWM:");
    MESSAGE(std::string(kind_name(o.type)), ": VmHWM before ", before, " KiB, after ", after, " KiB, growth ",
            after - before, " KiB for ", total >> 20, " MiB");
    return after - before;
}

}  // namespace

TEST_SUITE("memory") {

TEST_CASE("control: the measurement sees a message kept in memory") {
    std::ofstream("/proc/self/clear_refs") << "5";
    long before = status_kb("VmHWM:");
    std::string whole;
    std::string chunk(65536, 'c');
    for (size_t sent = 0; sent < (25u << 20); sent += chunk.size()) whole += chunk;
    long after = status_kb("VmHWM:");
    MESSAGE("keeping 25 MiB in a string: VmHWM growth ", after - before, " KiB");
    CHECK(after - before > 20 * 1024);
}

TEST_CASE("25 MB through clamd (INSTREAM, fdpass) and amavisd: peak RSS grows by far less than the message") {
    const size_t total = 25u << 20;
    Options clam;
    clam.socket = "unix:" + memory_peers().dir() + "/clamd/clamd.sock";
    clam.max_size = 30u << 20;
    clam.timeout = 60s;
    Outcome out;
    long grew = scan_peak_growth(clam, total, out);
    CHECK_MESSAGE(std::holds_alternative<Clean>(out), (std::holds_alternative<Failed>(out) ? std::get<Failed>(out).reason : ""));
    CHECK(grew >= 0);
    CHECK(grew < 4 * 1024);  // a 64 KiB buffer, not 25 MiB

    Options fd = clam;
    fd.transfer = Transfer::Fdpass;
    fd.spool_dir = memory_peers().dir() + "/fdspool";
    REQUIRE(fs::create_directories(fd.spool_dir));
    grew = scan_peak_growth(fd, total, out);
    CHECK_MESSAGE(std::holds_alternative<Clean>(out), failure(out));
    CHECK(grew < 4 * 1024);
    CHECK(fs::is_empty(fd.spool_dir));

    Options am;
    am.type = Kind::Amavisd;
    am.socket = memory_peers().amavis_socket();
    am.spool_dir = memory_peers().amavis_tmp();
    am.max_size = 30u << 20;
    am.timeout = 120s;
    grew = scan_peak_growth(am, total, out);
    CHECK_MESSAGE(std::holds_alternative<AmavisAnswer>(out), (std::holds_alternative<Failed>(out) ? std::get<Failed>(out).reason : ""));
    CHECK(grew < 4 * 1024);
    CHECK(spool_leftovers(am.spool_dir) == 0);
}

}  // TEST_SUITE
