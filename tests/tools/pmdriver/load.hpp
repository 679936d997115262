// load.hpp: load mode of mp-pmdriver, the driver of pmilter benchmarks. N
// SMTP sessions (connect, ehlo, mail, rcpt..., data, msg chunks, eom, quit)
// on C threads sharing K driver connections, so sessions interleave on each
// connection as smtps multiplexes them. Every answer is checked: connect..data
// must be CONT (or OK), eom must be --expect (default CONT).
#pragma once
#include <map>
#include <string>
#include <vector>

namespace mp::pmdriver {

struct LoadOptions {
    std::string socket;
    double timeout = 10;
    long sessions = 100;
    int concurrency = 1;
    int connections = 1;
    std::string message;  // wire form
    std::size_t chunk = 8192;
    std::string helo = "client.example.org", client = "client.example.org", addr = "192.0.2.10";
    std::string mail = "<sender@example.org>";
    std::vector<std::string> rcpts{"<rcpt@example.org>"};
    std::string expect = "CONT";
};

struct LoadResult {
    long sessions = 0, errors = 0;
    double seconds = 0, p50_ms = 0, p99_ms = 0;
    std::map<std::string, long> replies;  // eom answer codes
    std::vector<std::string> first_errors;
    std::string fatal;  // a connection could not be opened
};

LoadResult run_load(const LoadOptions& opt);
// sessions=N seconds=S rate=R/s p50_ms=.. p99_ms=.. errors=E replies={CONT:N}
std::string summary_line(const LoadResult& r);

}  // namespace mp::pmdriver
