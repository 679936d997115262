// pool.cpp: the worker threads of Server (server.hpp). A worker takes one
// ready session, runs its next frame without the lock, sends the answer,
// and puts the session back on the ready queue while it has work. Workers
// beyond the soft limit end when the ready queue is empty.
#include <exception>

#include "server.hpp"

namespace mp::pmapi {

// One frame's processing; an exception (out of memory) becomes an error
// that closes the connection instead of ending the process.
Result<std::vector<Frame>> Server::guarded(bool is_ctl, pmss_ctx_S& c, pmse_ctx_S& s, const Frame& f) {
    try {
        return is_ctl ? process_negotiate(pm_, c, f) : process_frame(pm_, s, f);
    } catch (const std::exception& e) {
        return fail(std::string("internal error: ") + e.what());
    }
}

void Server::worker() {
    std::unique_lock lk(mu_);
    for (;;) {
        ++idle_;
        cv_.wait(lk, [this] { return !ready_.empty() || threads_ > soft_; });
        --idle_;
        if (ready_.empty()) {  // more threads than the soft limit and nothing to do
            --threads_;
            return;
        }
        auto s = ready_.front();
        ready_.pop_front();
        run_one(s, lk);
    }
}

void Server::run_one(const SessP& s, std::unique_lock<std::mutex>& lk) {
    bool is_ctl = s->sid == 0;
    if (s->queue.empty()) {  // the connection is gone: abort/close, no answer
        s->closed = true;
        s->scheduled = false;
        if (is_ctl) return;
        lk.unlock();
        process_gone(pm_, *s);
        lk.lock();
        return;
    }
    Frame f = std::move(s->queue.front());
    s->queue.pop_front();
    s->running = true;
    lk.unlock();
    auto& c = *s->conn;
    Result<std::vector<Frame>> out = guarded(is_ctl, c, *s, f);
    if (out) {
        if (is_ctl) {
            std::lock_guard lk2(mu_);
            c.state = pmss_ctx_S::State::Ready;
        }
        c.send(*out);
    } else {
        g_.log(1, "driver connection " + c.peer + ": " + out.error().message);
        c.fail(out.error().message);
    }
    lk.lock();
    s->running = false;
    if (f.type == 'Q' && out) {
        s->closed = true;
        auto it = c.sessions.find(s->sid);
        if (it != c.sessions.end() && it->second == s) c.sessions.erase(it);
    }
    s->scheduled = false;
    if (!s->queue.empty() || (s->gone && !s->closed)) make_ready(s);
}

}  // namespace mp::pmapi
