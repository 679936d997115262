// main.cpp: mp-miltclient, an MTA-side milter client for tests and benches.
//   mp-miltclient -s SOCK [-t SEC] [--script FILE|-]        script mode (run.hpp)
//   mp-miltclient -s SOCK [-t SEC] --load N --message-file FILE [...]  load mode
// SOCK: unix:/path | inet:PORT@127.0.0.1. Exit 0 ok, 1 expectation failed
// (or load errors), 2 usage/script error, 3 protocol or I/O error.
#include <cstdlib>
#include <iostream>
#include <sstream>
#include <string_view>

#include "load.hpp"
#include "message.hpp"
#include "run.hpp"

using namespace mp::miltclient;

namespace {

constexpr const char* kUsage =
    "usage: mp-miltclient -s SOCKET [-t SECONDS] [--script FILE|-]\n"
    "       mp-miltclient -s SOCKET [-t SECONDS] --load N --message-file FILE\n"
    "           [--concurrency C] [--per-connection K] [--mail ADDR] [--rcpt ADDR]...\n"
    "           [--helo NAME] [--client-name NAME] [--client-addr ADDR]\n"
    "           [--macro STAGE:NAME=VALUE]... [--expect REPLY] [--expect-action PREFIX]\n"
    "SOCKET: unix:/path | inet:PORT@127.0.0.1\n";

struct Args {
    std::string socket, script = "-", message_file, client_name = "client.example.org",
                client_addr = "192.0.2.10";
    double timeout = 10;
    LoadOptions load;
    bool load_mode = false;
};

bool number(const std::string& s, long& out, long min) {
    char* end = nullptr;
    out = std::strtol(s.c_str(), &end, 10);
    return !s.empty() && *end == '\0' && out >= min;
}

// Returns an error text, empty when all is well.
std::string parse_macro(const std::string& spec, LoadOptions& lo) {
    auto colon = spec.find(':'), eq = spec.find('=');
    if (colon == std::string::npos || eq == std::string::npos || eq < colon || eq == colon + 1)
        return "--macro wants STAGE:NAME=VALUE: " + spec;
    auto st = stage_from_name(spec.substr(0, colon));
    if (!st || static_cast<int>(*st) >= kMacroStages) return "--macro: not a macro stage: " + spec.substr(0, colon);
    lo.macros[static_cast<int>(*st)].emplace_back(spec.substr(colon + 1, eq - colon - 1), spec.substr(eq + 1));
    return {};
}

std::string parse_args(int argc, char** argv, Args& a) {
    for (int i = 1; i < argc; ++i) {
        std::string opt = argv[i];
        if (i + 1 >= argc) return "missing value for " + opt;
        std::string v = argv[++i];
        long n = 0;
        if (opt == "-s") a.socket = v;
        else if (opt == "-t") {
            a.timeout = std::strtod(v.c_str(), nullptr);
            if (a.timeout <= 0 || a.timeout > 3600) return "bad timeout: " + v;
        } else if (opt == "--script") a.script = v;
        else if (opt == "--load") { if (!number(v, a.load.transactions, 1)) return "bad --load: " + v; a.load_mode = true; }
        else if (opt == "--concurrency") { if (!number(v, n, 1) || n > 256) return "bad --concurrency: " + v; a.load.concurrency = static_cast<int>(n); }
        else if (opt == "--per-connection") { if (!number(v, n, 1)) return "bad --per-connection: " + v; a.load.per_connection = static_cast<int>(n); }
        else if (opt == "--message-file") a.message_file = v;
        else if (opt == "--mail") a.load.mail = v;
        else if (opt == "--rcpt") a.load.rcpts.push_back(v);
        else if (opt == "--helo") a.load.helo = v;
        else if (opt == "--client-name") a.client_name = v;
        else if (opt == "--client-addr") a.client_addr = v;
        else if (opt == "--expect") a.load.expect = v;
        else if (opt == "--expect-action") a.load.expect_action = v;
        else if (opt == "--macro") { if (auto e = parse_macro(v, a.load); !e.empty()) return e; }
        else return "unknown option " + opt;
    }
    if (a.socket.empty()) return "-s SOCKET is required";
    if (a.load_mode && a.message_file.empty()) return "--load needs --message-file";
    return {};
}

int script_mode(const Args& a, const ClientOptions& co) {
    auto src = mp::scriptlex::read_script(a.script);
    if (!src) { std::cerr << "mp-miltclient: " << src.error().message << '\n'; return 2; }
    auto s = parse_script(src->text, a.script, src->base_dir);
    if (!s) { std::cerr << s.error().message << '\n'; return 2; }
    return run_script(*s, a.socket, co, std::cout, std::cerr);
}

int load_mode(Args& a, const ClientOptions& co) {
    auto text = read_file(a.message_file);
    if (!text) { std::cerr << "mp-miltclient: " << text.error().message << '\n'; return 2; }
    auto msg = parse_message(*text, a.message_file);
    if (!msg) { std::cerr << "mp-miltclient: " << msg.error().message << '\n'; return 2; }
    auto ci = connect_info(a.client_name, a.client_addr, 4711);
    if (!ci) { std::cerr << "mp-miltclient: " << ci.error().message << '\n'; return 2; }
    LoadOptions& lo = a.load;
    lo.socket = a.socket;
    lo.client = co;
    lo.message = std::move(*msg);
    lo.conn = *ci;
    if (lo.rcpts.empty()) lo.rcpts.push_back("<rcpt@example.net>");
    auto r = run_load(lo);
    for (const auto& e : r.first_errors) std::cerr << "mp-miltclient: " << e << '\n';
    std::cout << summary_line(r) << std::endl;
    return r.errors == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
    Args a;
    if (auto e = parse_args(argc, argv, a); !e.empty()) {
        std::cerr << "mp-miltclient: " << e << '\n' << kUsage;
        return 2;
    }
    ClientOptions co;
    co.timeout_ms = static_cast<int>(a.timeout * 1000);
    return a.load_mode ? load_mode(a, co) : script_mode(a, co);
}
