// main.cpp: mp-pmdriver, the smtps stand-in that drives pmilters through
// milterpack's in-tree libpmilter (pmilter/api/PROTOCOL.md), for tests and
// benches, like mp-miltclient is for milters.
//   mp-pmdriver -s SOCK [-t SEC] [--timeout SEC --on-timeout abort|accept_but_reconnect]
//               [--connections K] [--split-every-byte] [--script FILE|-]      script mode (run.hpp)
//   mp-pmdriver -s SOCK [-t SEC] --load N --message-file FILE [--concurrency C]
//               [--connections K] [--mail A] [--rcpt A]... [--expect CODE]   load mode (load.hpp)
// SOCK: unix:/path | local:/path | /path | inet:PORT@ADDR. Exit 0 ok, 1
// expectation failed (or load errors), 2 usage/script error, 3 protocol/I-O error.
#include <cstdlib>
#include <iostream>

#include "load.hpp"
#include "message.hpp"
#include "run.hpp"

using namespace mp::pmdriver;

namespace {

constexpr const char* kUsage =
    "usage: mp-pmdriver -s SOCKET [-t SECONDS] [--timeout SECONDS] [--on-timeout abort|accept_but_reconnect]\n"
    "           [--connections K] [--split-every-byte] [--script FILE|-]\n"
    "       mp-pmdriver -s SOCKET [-t SECONDS] --load N --message-file FILE [--concurrency C]\n"
    "           [--connections K] [--chunk BYTES] [--mail ADDR] [--rcpt ADDR]... [--expect CODE]\n"
    "SOCKET: unix:/path | local:/path | /path | inet:PORT@ADDR\n";

struct Args {
    Options opt;
    LoadOptions load;
    std::string script = "-", message_file;
    bool load_mode = false, rcpt_given = false;
};

bool number(const std::string& s, long& out, long min, long max) {
    char* end = nullptr;
    out = std::strtol(s.c_str(), &end, 10);
    return !s.empty() && *end == '\0' && out >= min && out <= max;
}

bool seconds(const std::string& s, double& out) {
    char* end = nullptr;
    out = std::strtod(s.c_str(), &end);
    return !s.empty() && *end == '\0' && out > 0 && out <= 3600;
}

std::string parse_args(int argc, char** argv, Args& a) {
    for (int i = 1; i < argc; ++i) {
        std::string opt = argv[i];
        if (opt == "--split-every-byte") { a.opt.split_every_byte = true; continue; }
        if (i + 1 >= argc) return "missing value for " + opt;
        std::string v = argv[++i];
        long n = 0;
        if (opt == "-s") a.opt.socket = v;
        else if (opt == "-t") { if (!seconds(v, a.opt.io_timeout)) return "bad -t: " + v; }
        else if (opt == "--timeout") { if (!seconds(v, a.opt.policy_timeout)) return "bad --timeout: " + v; }
        else if (opt == "--on-timeout") {
            if (v != "abort" && v != "accept_but_reconnect") return "--on-timeout wants abort or accept_but_reconnect";
            a.opt.accept_but_reconnect = v == "accept_but_reconnect";
        } else if (opt == "--connections") { if (!number(v, n, 1, 64)) return "bad --connections: " + v; a.opt.connections = static_cast<int>(n); }
        else if (opt == "--script") a.script = v;
        else if (opt == "--load") { if (!number(v, a.load.sessions, 1, 100000000)) return "bad --load: " + v; a.load_mode = true; }
        else if (opt == "--concurrency") { if (!number(v, n, 1, 256)) return "bad --concurrency: " + v; a.load.concurrency = static_cast<int>(n); }
        else if (opt == "--chunk") { if (!number(v, n, 1, 65536)) return "bad --chunk: " + v; a.load.chunk = static_cast<std::size_t>(n); }
        else if (opt == "--message-file") a.message_file = v;
        else if (opt == "--mail") a.load.mail = v;
        else if (opt == "--rcpt") { if (!a.rcpt_given) a.load.rcpts.clear(); a.rcpt_given = true; a.load.rcpts.push_back(v); }
        else if (opt == "--expect") a.load.expect = v;
        else return "unknown option " + opt;
    }
    if (a.opt.socket.empty()) return "-s SOCKET is required";
    if (a.load_mode && a.message_file.empty()) return "--load needs --message-file";
    return {};
}

int load_mode(Args& a) {
    auto m = read_file(a.message_file);
    if (!m) { std::cerr << "mp-pmdriver: " << m.error().message << "\n"; return 2; }
    a.load.message = wire_message(*m);
    a.load.socket = a.opt.socket;
    a.load.timeout = a.opt.policy_timeout > 0 ? a.opt.policy_timeout : a.opt.io_timeout;
    a.load.connections = a.opt.connections;
    auto r = run_load(a.load);
    if (!r.fatal.empty()) { std::cerr << "mp-pmdriver: " << r.fatal << "\n"; return 3; }
    std::cout << summary_line(r) << "\n";
    for (const auto& e : r.first_errors) std::cerr << "mp-pmdriver: " << e << "\n";
    return r.errors ? 1 : 0;
}

int script_mode(const Args& a) {
    auto src = mp::scriptlex::read_script(a.script);
    if (!src) { std::cerr << "mp-pmdriver: " << src.error().message << "\n"; return 2; }
    auto script = parse_script(src->text, a.script, src->base_dir);
    if (!script) { std::cerr << script.error().message << "\n"; return 2; }
    return run_script(*script, a.opt, std::cout, std::cerr);
}

}  // namespace

int main(int argc, char** argv) {
    Args a;
    std::string usage_error = parse_args(argc, argv, a);
    if (!usage_error.empty()) std::cerr << "mp-pmdriver: " << usage_error << "\n" << kUsage;
    return !usage_error.empty() ? 2 : a.load_mode ? load_mode(a) : script_mode(a);
}
