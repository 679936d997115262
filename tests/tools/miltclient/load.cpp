// load.cpp: see load.hpp. Threads share only an atomic transaction counter;
// each keeps its own tallies, merged at the end.
#include "load.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <optional>
#include <thread>

namespace mp::miltclient {
namespace {

using Clock = std::chrono::steady_clock;

struct Outcome {
    std::string final_line;  // describe() of the deciding reply
    std::string kind;
    std::vector<std::string> actions;
    bool session_over = false;  // the filter is done with this connection
};

struct Tally {
    std::vector<double> ms;
    long errors = 0;
    std::map<std::string, long> replies, actions;
    std::vector<std::string> errs;
    void error(std::string msg) {
        ++errors;
        if (errs.size() < 5) errs.push_back(std::move(msg));
    }
};

// Folds one step into the outcome; true when the filter decided (stop here).
bool take(const Step& s, bool leadspc, Outcome& o) {
    for (const auto& r : s.replies) {
        if (is_action(r.cmd)) {
            o.actions.push_back(describe(r, leadspc));
            continue;
        }
        o.final_line = describe(r, leadspc);
        o.kind = kind_name(r);
        if (r.cmd != 'c' && r.cmd != 's') return true;
    }
    return false;
}

// Feeds steps while the transaction goes on: t(step) is false once the
// filter decided or a step failed, and && stops sending further steps.
class Txn {
public:
    explicit Txn(bool leadspc) : lead_(leadspc) {}
    bool operator()(Result<Step> s) {
        if (!s) {
            err_ = s.error();
            return false;
        }
        return !take(*s, lead_, o_);
    }
    bool failed() const { return err_.has_value(); }
    Result<Outcome> finish() {
        if (err_) return Unexpected<Error>{*err_};
        return std::move(o_);
    }
    Outcome& outcome() { return o_; }

private:
    bool lead_;
    Outcome o_;
    std::optional<Error> err_;
};

Result<Outcome> transaction(Client& c, const LoadOptions& opt, bool fresh) {
    Txn t(c.leadspc());
    if (fresh && !t(c.connect(opt.conn))) {
        t.outcome().session_over = !t.failed();
        return t.finish();
    }
    bool go = (!fresh || t(c.helo(opt.helo))) && t(c.mail({opt.mail}));
    for (const auto& rc : opt.rcpts) go = go && t(c.rcpt({rc}));
    go = go && t(c.data());
    for (const auto& h : opt.message.headers) go = go && t(c.header(h.name, h.raw_value));
    go = go && t(c.eoh()) && t(c.body(opt.message.body)) && t(c.eom());
    return t.finish();
}

std::string check_outcome(const Outcome& o, const LoadOptions& opt) {
    if (!opt.expect.empty() && o.final_line != opt.expect)
        return "final reply '" + o.final_line + "', expected '" + opt.expect + "'";
    if (opt.expect_action.empty()) return {};
    for (const auto& a : o.actions)
        if (a.compare(0, opt.expect_action.size(), opt.expect_action) == 0) return {};
    return "no EOM action starting with '" + opt.expect_action + "'";
}

void worker(const LoadOptions& opt, std::atomic<long>& next, Tally& t) {
    std::optional<Client> c;
    int used = 0;
    for (long i; (i = next.fetch_add(1)) < opt.transactions;) {
        auto t0 = Clock::now();
        bool fresh = !c || used >= opt.per_connection;
        if (fresh) {
            if (c) (void)c->quit();
            c.reset();
            auto nc = Client::open(opt.socket, opt.client);
            if (!nc) { t.error("transaction " + std::to_string(i) + ": " + nc.error().message); continue; }
            c.emplace(std::move(*nc));
            for (int s = 0; s < kMacroStages; ++s) c->set_macros(static_cast<Stage>(s), opt.macros[s]);
            used = 0;
        }
        ++used;
        auto o = transaction(*c, opt, fresh);
        t.ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
        if (!o) { t.error("transaction " + std::to_string(i) + ": " + o.error().message); c.reset(); continue; }
        if (o->session_over) used = opt.per_connection;
        ++t.replies[o->kind.empty() ? "none" : o->kind];
        for (const auto& a : o->actions) ++t.actions[a.substr(0, a.find(' '))];
        if (auto bad = check_outcome(*o, opt); !bad.empty()) t.error("transaction " + std::to_string(i) + ": " + bad);
    }
    if (c) (void)c->quit();
}

double percentile(std::vector<double>& v, double p) {
    if (v.empty()) return 0;
    auto k = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
    std::nth_element(v.begin(), v.begin() + static_cast<long>(k), v.end());
    return v[k];
}

}  // namespace

LoadResult run_load(const LoadOptions& opt) {
    std::atomic<long> next{0};
    std::vector<Tally> tallies(static_cast<std::size_t>(opt.concurrency));
    auto t0 = Clock::now();
    {
        std::vector<std::jthread> threads;
        for (auto& t : tallies) threads.emplace_back([&opt, &next, &t] { worker(opt, next, t); });
    }
    LoadResult r;
    r.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
    r.transactions = opt.transactions;
    std::vector<double> ms;
    for (auto& t : tallies) {
        ms.insert(ms.end(), t.ms.begin(), t.ms.end());
        r.errors += t.errors;
        for (auto& [k, n] : t.replies) r.replies[k] += n;
        for (auto& [k, n] : t.actions) r.actions[k] += n;
        for (auto& e : t.errs)
            if (r.first_errors.size() < 5) r.first_errors.push_back(e);
    }
    r.p50_ms = percentile(ms, 0.50);
    r.p99_ms = percentile(ms, 0.99);
    return r;
}

std::string summary_line(const LoadResult& r) {
    auto map_text = [](const std::map<std::string, long>& m) {
        std::string s = "{";
        for (auto& [k, n] : m) s += (s.size() > 1 ? "," : "") + k + ":" + std::to_string(n);
        return s + "}";
    };
    char head[256];
    double rate = r.seconds > 0 ? static_cast<double>(r.transactions) / r.seconds : 0;
    std::snprintf(head, sizeof head, "transactions=%ld seconds=%.3f rate=%.1f/s p50_ms=%.3f p99_ms=%.3f errors=%ld",
                  r.transactions, r.seconds, rate, r.p50_ms, r.p99_ms, r.errors);
    return std::string(head) + " replies=" + map_text(r.replies) + " actions=" + map_text(r.actions);
}

}  // namespace mp::miltclient
