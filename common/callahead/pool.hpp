// pool.hpp: SMTP connections to one next hop, at most `size` open at once,
// kept open between call-aheads. A connection is taken with acquire() (a
// pooled idle one, else a new one: connect, greeting, EHLO or HELO), used for
// one dialogue, and given back with release(); one the next hop closed, or
// that saw an error, is dropped instead. When all `size` are busy, acquire
// waits for one until its deadline. Every socket operation is bounded by the
// caller's deadline (scan/endpoint.hpp), so no call-ahead can hang.
//   auto c = pool.acquire(deadline);       // Result<Conn>
//   auto r = c->command("RSET", deadline);  // Result<SmtpReply>
//   pool.release(std::move(*c), r && r->code == 250);
#pragma once
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "callahead/smtp_reply.hpp"
#include "util/endpoint.hpp"
#include "util/raii.hpp"
#include "util/result.hpp"

namespace mp::callahead {

using Clock = std::chrono::steady_clock;
using Deadline = Clock::time_point;

class Conn {
public:
    Conn() = default;
    explicit Conn(util::Fd fd) : fd_(std::move(fd)) {}
    Result<SmtpReply> read_reply(Deadline deadline);
    // Send one command line (CRLF added) and read its reply.
    Result<SmtpReply> command(std::string_view line, Deadline deadline);
    // The next hop sent something unasked (a 421) or closed: not reusable.
    bool stale() const;

private:
    util::Fd fd_;
    std::string buf_;
};

class Pool {
public:
    Pool(util::Endpoint next_hop, std::string helo, int size) : ep_(std::move(next_hop)), helo_(std::move(helo)), size_(size) {}
    Result<Conn> acquire(Deadline deadline);
    void release(Conn c, bool reusable);
    const util::Endpoint& next_hop() const { return ep_; }
    uint64_t connections_opened() const { return opened_; }

private:
    Result<Conn> open(Deadline deadline);
    void forget();  // one open connection fewer
    util::Endpoint ep_;
    std::string helo_;
    int size_;
    std::mutex mu_;
    std::condition_variable cv_;
    std::vector<Conn> idle_;
    int open_ = 0;  // idle and in use
    std::atomic<uint64_t> opened_{0};
};

}  // namespace mp::callahead
