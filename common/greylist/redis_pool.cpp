// redis_pool.cpp: see redis_pool.hpp.
#include "greylist/redis_pool.hpp"

#include <cerrno>
#include <cstring>
#include <signal.h>
#include <sys/time.h>

namespace mp::greylist {

namespace {

// hiredis writes with write(2): on a connection the server has closed that
// raises SIGPIPE, which kills the process unless the host program ignores
// it. Block it on this thread around each command and swallow one raised by
// us, leaving the process's disposition alone.
class SigpipeGuard {
public:
    SigpipeGuard() {
        sigset_t pipe;
        sigemptyset(&pipe);
        sigaddset(&pipe, SIGPIPE);
        pthread_sigmask(SIG_BLOCK, &pipe, &old_);
        sigset_t pending;
        sigpending(&pending);
        was_pending_ = sigismember(&pending, SIGPIPE) == 1;
    }
    ~SigpipeGuard() {
        sigset_t pending;
        sigpending(&pending);
        if (!was_pending_ && sigismember(&pending, SIGPIPE) == 1) {
            sigset_t pipe;
            sigemptyset(&pipe);
            sigaddset(&pipe, SIGPIPE);
            timespec zero{0, 0};
            int saved = errno;
            sigtimedwait(&pipe, nullptr, &zero);
            errno = saved;
        }
        pthread_sigmask(SIG_SETMASK, &old_, nullptr);
    }

private:
    sigset_t old_;
    bool was_pending_ = false;
};

// Pitfall: a zero timeval means "no timeout" to hiredis (SO_RCVTIMEO), so
// callers pass at least 1 ms.
timeval to_tv(std::chrono::milliseconds ms) {
    return timeval{static_cast<time_t>(ms.count() / 1000), static_cast<suseconds_t>(ms.count() % 1000 * 1000)};
}

RedisReply send(redisContext* c, const std::vector<std::string>& argv) {
    SigpipeGuard guard;
    std::vector<const char*> ptrs;
    std::vector<size_t> lens;
    for (auto& a : argv) {
        ptrs.push_back(a.data());
        lens.push_back(a.size());
    }
    return RedisReply(static_cast<redisReply*>(redisCommandArgv(c, int(argv.size()), ptrs.data(), lens.data())));
}

Result<void> setup_command(redisContext* c, const std::vector<std::string>& argv, const char* what) {
    RedisReply r = send(c, argv);
    if (!r) return fail(std::string("redis: ") + what + ": " + c->errstr);
    if (r->type == REDIS_REPLY_ERROR) return fail(std::string("redis: ") + what + ": " + r->str);
    return {};
}

}  // namespace

std::chrono::milliseconds time_left(Deadline deadline, Deadline now) {
    return deadline > now ? std::chrono::ceil<std::chrono::milliseconds>(deadline - now) : std::chrono::milliseconds(0);
}

std::string RedisPool::where() const {
    return o_.path.empty() ? o_.address + ":" + std::to_string(o_.port) : o_.path;
}

Result<RedisContext> RedisPool::connect(Deadline deadline) {
    auto left = time_left(deadline, std::chrono::steady_clock::now());
    if (left.count() == 0) return fail("redis " + where() + ": connect: no time left within timeout");
    timeval tv = to_tv(left);
    redisContext* raw = o_.path.empty() ? redisConnectWithTimeout(o_.address.c_str(), o_.port, tv)
                                        : redisConnectUnixWithTimeout(o_.path.c_str(), tv);
    RedisContext c(raw);
    if (!c) return fail("redis: cannot allocate a context");
    if (c->err) return fail("redis " + where() + ": connect: " + c->errstr);
    if (redisSetTimeout(raw, tv) != REDIS_OK) return fail("redis " + where() + ": cannot set timeout");
    if (!o_.password.empty())
        if (auto r = setup_command(raw, {"AUTH", o_.password}, "AUTH"); !r) return fail(r.error().message);
    if (o_.db != 0)
        if (auto r = setup_command(raw, {"SELECT", std::to_string(o_.db)}, "SELECT"); !r)
            return fail(r.error().message);
    return c;
}

Result<RedisContext> RedisPool::acquire(bool& fresh, Deadline deadline) {
    std::unique_lock lk(mu_);
    bool ready = cv_.wait_until(lk, deadline, [&] { return !idle_.empty() || open_ < o_.pool_size; });
    if (!ready) return fail("redis " + where() + ": no free connection within timeout");
    if (!idle_.empty()) {
        RedisContext c = std::move(idle_.front());
        idle_.pop_front();
        fresh = false;
        return c;
    }
    ++open_;
    lk.unlock();
    fresh = true;
    auto c = connect(deadline);
    if (!c) release(nullptr, false);
    return c;
}

void RedisPool::release(RedisContext c, bool healthy) {
    std::lock_guard lk(mu_);
    if (healthy && c) {
        idle_.push_back(std::move(c));
    } else {
        --open_;
    }
    cv_.notify_one();
}

Result<RedisReply> RedisPool::command(const std::vector<std::string>& argv, Deadline deadline) {
    for (int attempt = 0; attempt < 2; ++attempt) {
        bool fresh = false;
        auto c = acquire(fresh, deadline);
        if (!c) return fail(c.error().message);
        auto left = time_left(deadline, std::chrono::steady_clock::now());
        if (left.count() == 0) {
            release(std::move(*c), true);
            return fail("redis " + where() + ": no time left within timeout");
        }
        if (redisSetTimeout(c->get(), to_tv(left)) != REDIS_OK) {
            release(nullptr, false);
            return fail("redis " + where() + ": cannot set timeout");
        }
        RedisReply r = send(c->get(), argv);
        if (r) {
            release(std::move(*c), true);
            if (r->type == REDIS_REPLY_ERROR) return fail(std::string("redis: ") + r->str);
            return r;
        }
        std::string err = (*c)->errstr;
        bool timed_out = (*c)->err == REDIS_ERR_IO && err == std::strerror(EAGAIN);
        release(nullptr, false);
        if (fresh || timed_out || attempt == 1) return fail("redis " + where() + ": " + err);
    }
    return fail("redis " + where() + ": unreachable");
}

}  // namespace mp::greylist
