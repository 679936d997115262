// redis_pool.hpp: a bounded pool of hiredis connections shared by libmilter's
// worker threads. Every wait is bounded by RedisOptions::timeout: connecting,
// each command (redisSetTimeout), and waiting for a free connection when all
// pool_size are in use. A connection that saw an I/O error is closed, never
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

class RedisPool {
public:
    explicit RedisPool(const RedisOptions& o) : o_(o) {}
    // One command; an error reply from the server is an error value too
    // (message "redis: <server text>"), the connection stays usable.
    Result<RedisReply> command(const std::vector<std::string>& argv);
    std::string where() const;  // "127.0.0.1:6379" or the socket path

private:
    Result<RedisContext> connect();
    Result<RedisContext> acquire(bool& fresh);
    void release(RedisContext c, bool healthy);

    RedisOptions o_;
    std::mutex mu_;
    std::condition_variable cv_;
    std::deque<RedisContext> idle_;
    int open_ = 0;  // connections in idle_ plus those lent out
};

}  // namespace mp::greylist
