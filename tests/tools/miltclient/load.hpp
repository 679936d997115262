// load.hpp: load mode, the shared driver of the benchmarks. N transactions
// (connect, helo, mail, rcpt..., data, headers, eoh, body, eom) on C threads,
// K transactions per milter connection (then SMFIC_QUIT, fresh socket and
// OPTNEG). Every reply is checked as in script mode; a transaction whose
// final reply or EOM actions differ from the expectations counts as an error.
// The message is parsed once and shared by all threads.
#pragma once
#include <array>
#include <map>
#include <string>
#include <vector>

#include "client.hpp"
#include "message.hpp"

namespace mp::miltclient {

struct LoadOptions {
    std::string socket;
    ClientOptions client;
    long transactions = 1000;
    int concurrency = 1;
    int per_connection = 1;
    Message message;
    ConnectInfo conn{"client.example.org", '4', 4711, "192.0.2.10"};
    std::string helo = "client.example.org";
    std::string mail = "<sender@example.org>";
    std::vector<std::string> rcpts;
    std::array<Macros, kMacroStages> macros;
    std::string expect;         // required final reply line, e.g. "continue"
    std::string expect_action;  // an EOM action line must start with this
};

struct LoadResult {
    long transactions = 0;
    long errors = 0;
    double seconds = 0;
    double p50_ms = 0, p99_ms = 0;
    std::map<std::string, long> replies;  // final reply kind per transaction
    std::map<std::string, long> actions;  // EOM action kinds, summed
    std::vector<std::string> first_errors;
};

LoadResult run_load(const LoadOptions& opt);
// transactions=N seconds=S rate=R/s p50_ms=.. p99_ms=.. errors=E
//   replies={continue:N,...} actions={insheader:N,...}   (one line)
std::string summary_line(const LoadResult& r);

}  // namespace mp::miltclient
