// dnsq.cpp: mp::dns::Resolver on the command line, for the integration tests.
//   dnsq [-s SERVER]... [-q QUERY_TIMEOUT_S] [-d DEADLINE_MS] [-p PAUSE_MS] NAME/TYPE...
// Every NAME/TYPE is one query of a single check sharing one deadline, so a
// run shows what a check costs. With -p (prefetch, as DKIM verification
// fetches keys): every query is started first (Resolver::start, deadline
// DEADLINE_MS from then), then after PAUSE_MS (the rest of a message
// arriving) each is collected with a deadline DEADLINE_MS from then.
// Prints one line per query:
//   NAME TYPE STATUS ttl=N cached=0|1 DATA|DATA... or the error
// then "elapsed_ms N". Exit 0 unless the arguments are wrong.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "dns/resolver.hpp"

using namespace mp::dns;

namespace {

Type type_of(const std::string& s) {
    for (Type t : {Type::A, Type::AAAA, Type::MX, Type::TXT, Type::PTR})
        if (s == type_name(t)) return t;
    std::fprintf(stderr, "dnsq: unknown type %s\n", s.c_str());
    std::exit(2);
}

std::string show(Type t, const std::string& rdata) {
    if (t == Type::MX) {
        auto m = mx_record(rdata);
        return m ? std::to_string(m->preference) + " " + m->host : "<" + m.error().message + ">";
    }
    auto r = t == Type::TXT ? txt_text(rdata) : address_text(rdata);
    return r ? *r : "<" + r.error().message + ">";
}

}  // namespace

int main(int argc, char** argv) {
    Options o;
    long deadline_ms = 10000, pause_ms = -1;
    for (int c; (c = getopt(argc, argv, "s:q:d:p:")) != -1;) {
        if (c == 's') o.servers.push_back(optarg);
        else if (c == 'p') pause_ms = std::atol(optarg);
        else if (c == 'q') o.query_timeout = std::chrono::seconds(std::atoi(optarg));
        else if (c == 'd') deadline_ms = std::atol(optarg);
        else return 2;
    }
    auto res = Resolver::create(o);
    if (!res) return std::fprintf(stderr, "dnsq: %s\n", res.error().message.c_str()), 2;
    std::vector<std::pair<std::string, Type>> queries;
    for (int i = optind; i < argc; ++i) {
        std::string arg = argv[i];
        auto slash = arg.rfind('/');
        if (slash == std::string::npos) return std::fprintf(stderr, "dnsq: NAME/TYPE expected\n"), 2;
        queries.emplace_back(arg.substr(0, slash), type_of(arg.substr(slash + 1)));
    }
    auto start = Clock::now();
    Deadline deadline = start + std::chrono::milliseconds(deadline_ms);
    std::vector<Lookup> started;
    if (pause_ms >= 0) {
        for (const auto& [name, t] : queries) started.push_back((*res)->start(name, t, deadline));
        std::this_thread::sleep_for(std::chrono::milliseconds(pause_ms));
        deadline = Clock::now() + std::chrono::milliseconds(deadline_ms);
    }
    for (size_t i = 0; i < queries.size(); ++i) {
        const auto& [name, t] = queries[i];
        Answer a = started.empty() ? (*res)->query(name, t, deadline) : started[i].wait(deadline);
        std::string data;
        for (const auto& r : a.rdata) data += (data.empty() ? "" : "|") + show(t, r);
        std::printf("%s %s %s ttl=%u cached=%d %s\n", name.c_str(), type_name(t), status_name(a.status),
                    a.ttl, int(a.cached), a.status == Status::TempError ? a.error.c_str() : data.c_str());
    }
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
    std::printf("elapsed_ms %lld\n", static_cast<long long>(ms));
    return 0;
}
