// load.cpp: see load.hpp.
#include "load.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <memory>
#include <mutex>
#include <thread>

#include "link.hpp"
#include "message.hpp"

namespace mp::pmdriver {
namespace {

using Clock = std::chrono::steady_clock;

struct Shared {
    const LoadOptions& opt;
    std::vector<std::unique_ptr<Link>>& links;
    std::atomic<long> next{0};
    std::mutex mu;
    LoadResult res;
    std::vector<double> lat_ms;
};

pmapi::Frame with_macros(const Link& l, char type, std::uint32_t sid, unsigned stage, pmapi::Fields f) {
    for (std::size_t i = 0; i < l.macros(stage).size(); ++i) f.emplace_back(std::nullopt);
    return pmapi::make_frame(type, sid, f);
}

// One session; returns an error text or "" and the eom code.
std::string one_session(Link& l, const LoadOptions& o, std::string& eom_code) {
    std::uint32_t sid = l.new_session();
    std::vector<pmapi::Frame> env = {
        with_macros(l, 'C', sid, PM_SMST_CONNECT, {o.client, o.addr, "4711"}),
        with_macros(l, 'H', sid, PM_SMST_EHLO, {o.helo, "E"}),
        with_macros(l, 'M', sid, PM_SMST_MAIL, {o.mail, "-1"})};
    for (const auto& r : o.rcpts) env.push_back(with_macros(l, 'R', sid, PM_SMST_RCPT, {r, "-1"}));
    env.push_back(with_macros(l, 'D', sid, PM_SMST_DATA, {}));
    for (std::size_t i = 0; i < o.message.size(); i += o.chunk)
        env.push_back(pmapi::Frame{'B', sid, o.message.substr(i, o.chunk)});
    env.push_back(with_macros(l, 'E', sid, PM_SMST_DOT, {}));
    std::string err;
    for (const auto& f : env) {
        Answer a = l.call(f, o.timeout);
        std::string code = a.kind == Answer::Kind::Reply ? a.code : "kind" + std::to_string(static_cast<int>(a.kind)) + ":" + a.code;
        if (f.type == 'E') { eom_code = code; if (code != o.expect) err = "eom " + code; break; }
        if (code != "CONT" && code != "OK") { err = std::string(1, f.type) + " " + code; break; }
    }
    Answer q = l.call(pmapi::make_frame('Q', sid, {}), o.timeout);
    if (err.empty() && q.kind != Answer::Kind::Ack) err = "quit not acknowledged";
    return err;
}

void worker(Shared& sh, int idx) {
    Link& l = *sh.links[static_cast<std::size_t>(idx) % sh.links.size()];
    for (long n; (n = sh.next++) < sh.opt.sessions;) {
        auto t0 = Clock::now();
        std::string code;
        std::string err = one_session(l, sh.opt, code);
        double ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
        std::lock_guard lk(sh.mu);
        sh.lat_ms.push_back(ms);
        ++sh.res.sessions;
        if (!code.empty()) ++sh.res.replies[code];
        if (!err.empty()) {
            ++sh.res.errors;
            if (sh.res.first_errors.size() < 5) sh.res.first_errors.push_back("session " + std::to_string(n) + ": " + err);
        }
    }
}

}  // namespace

LoadResult run_load(const LoadOptions& opt) {
    std::vector<std::unique_ptr<Link>> links;
    for (int i = 0; i < opt.connections; ++i) {
        links.push_back(std::make_unique<Link>());
        if (auto r = links.back()->open(opt.socket, opt.timeout); !r) {
            LoadResult res;
            res.fatal = r.error().message;
            return res;
        }
    }
    Shared sh{opt, links, {}, {}, {}, {}};
    auto t0 = Clock::now();
    std::vector<std::thread> threads;
    for (int i = 0; i < opt.concurrency; ++i) threads.emplace_back(worker, std::ref(sh), i);
    for (auto& t : threads) t.join();
    sh.res.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
    std::sort(sh.lat_ms.begin(), sh.lat_ms.end());
    if (!sh.lat_ms.empty()) {
        sh.res.p50_ms = sh.lat_ms[sh.lat_ms.size() / 2];
        sh.res.p99_ms = sh.lat_ms[std::min(sh.lat_ms.size() - 1, sh.lat_ms.size() * 99 / 100)];
    }
    return sh.res;
}

std::string summary_line(const LoadResult& r) {
    char head[256];
    std::snprintf(head, sizeof head, "sessions=%ld seconds=%.3f rate=%.1f/s p50_ms=%.3f p99_ms=%.3f errors=%ld", r.sessions,
                  r.seconds, r.seconds > 0 ? static_cast<double>(r.sessions) / r.seconds : 0.0, r.p50_ms, r.p99_ms, r.errors);
    std::string out = std::string(head) + " replies={";
    bool first = true;
    for (const auto& [k, v] : r.replies) { out += (first ? "" : ",") + k + ":" + std::to_string(v); first = false; }
    return out + "}";
}

}  // namespace mp::pmdriver
