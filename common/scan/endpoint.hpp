// endpoint.hpp: a scanner's socket address in sendmail's milter notation,
// and bounded socket I/O on it. Every operation takes a deadline; sockets are
// non-blocking and every wait is a poll() that ends at the deadline, so no
// call here can hang on a stopped or slow peer. Writes use MSG_NOSIGNAL: a
// peer that closes (clamd after "size limit exceeded") gives EPIPE, never
// SIGPIPE. Host names are refused: the milter must not resolve names.
//   auto ep = Endpoint::parse("inet:3310@127.0.0.1");
//   auto fd = connect_to(*ep, Clock::now() + 5s);
#pragma once
#include <sys/socket.h>

#include <chrono>
#include <string>
#include <string_view>

#include "util/raii.hpp"
#include "util/result.hpp"

namespace mp::scan {

using Clock = std::chrono::steady_clock;
using Deadline = Clock::time_point;

struct Endpoint {
    sockaddr_storage addr{};
    socklen_t len = 0;
    std::string text;  // as written, for log lines

    // "unix:/path" (or "local:/path"), "inet:PORT@IPv4", "inet6:PORT@IPv6".
    static Result<Endpoint> parse(std::string_view spec);
};

Result<util::Fd> connect_to(const Endpoint& ep, Deadline deadline);
Result<void> send_all(int fd, std::string_view data, Deadline deadline);
// Read at most `cap` bytes (waiting until some arrive); 0 means the peer closed.
Result<size_t> recv_some(int fd, char* buf, size_t cap, Deadline deadline);
// True when the peer has sent something or closed (no waiting).
bool has_input(int fd);

}  // namespace mp::scan
