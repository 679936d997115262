// redis_pool.hpp: a bounded pool of hiredis connections shared by libmilter's
// worker threads. One deadline bounds an operation as a whole: waiting for a
// free connection when all pool_size are in use, connecting, and the command
// itself (redisSetTimeout to the time left) share it, so a frozen server costs
// a RCPT RedisOptions::timeout, not a multiple of it (command() without a
// deadline takes now + timeout). A connection that saw an I/O error is closed, never
// reused; the next command connects anew (that is the reconnect). After
// connecting: AUTH when a password is set, SELECT when db != 0.
//
// hiredis 0.14 pitfalls: writing to a connection the server closed raises
// SIGPIPE (blocked per thread around each command, see redis_pool.cpp);
// redisCommandArgv returns NULL on I/O errors and then
// the context is dead (c->err); a timeout shows as REDIS_ERR_IO with EAGAIN.
// A connection that was idle in the pool may have been closed by the server
// (restart, `timeout` setting): a command failing at once on such a reused
// connection (not a timeout) is retried once on a fresh connection.
#pragma once
#include <hiredis/hiredis.h>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "greylist/options.hpp"
#include "util/raii.hpp"
#include "util/result.hpp"

namespace mp::greylist {

using RedisContext = util::Handle<redisContext, redisFree>;
using RedisReply = util::Handle<redisReply, freeReplyObject>;

using Deadline = std::chrono::steady_clock::time_point;

// The time left until `deadline` at `now`, never negative.
std::chrono::milliseconds time_left(Deadline deadline, Deadline now);

class RedisPool {
public:
    explicit RedisPool(const RedisOptions& o) : o_(o) {}
    // One command, answered by `deadline` or an error value; an error reply
    // from the server is an error value too (message "redis: <server
    // text>"), the connection stays usable.
    Result<RedisReply> command(const std::vector<std::string>& argv, Deadline deadline);
    Result<RedisReply> command(const std::vector<std::string>& argv) { return command(argv, deadline()); }
    Deadline deadline() const { return std::chrono::steady_clock::now() + o_.timeout; }
    std::string where() const;  // "127.0.0.1:6379" or the socket path

private:
    Result<RedisContext> connect(Deadline deadline);
    Result<RedisContext> acquire(bool& fresh, Deadline deadline);
    void release(RedisContext c, bool healthy);

    RedisOptions o_;
    std::mutex mu_;
    std::condition_variable cv_;
    std::deque<RedisContext> idle_;
    int open_ = 0;  // connections in idle_ plus those lent out
};

}  // namespace mp::greylist
