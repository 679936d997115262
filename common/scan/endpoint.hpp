// endpoint.hpp: bounded socket I/O on a scanner's socket (a util::Endpoint,
// parsed from sendmail's socket notation with numeric addresses only: the
// milter must not resolve names). Every operation takes a deadline; sockets are
// non-blocking and every wait is a poll() that ends at the deadline, so no
// call here can hang on a stopped or slow peer. Writes use MSG_NOSIGNAL: a
// peer that closes (clamd after "size limit exceeded") gives EPIPE, never
// SIGPIPE.
//   auto ep = util::Endpoint::parse("inet:3310@127.0.0.1");
//   auto fd = connect_to(*ep, Clock::now() + 5s);
#pragma once
#include <chrono>
#include <string>
#include <string_view>

#include "util/endpoint.hpp"
#include "util/raii.hpp"
#include "util/result.hpp"

namespace mp::scan {

using Clock = std::chrono::steady_clock;
using Deadline = Clock::time_point;

Result<util::Fd> connect_to(const util::Endpoint& ep, Deadline deadline);
Result<void> send_all(int fd, std::string_view data, Deadline deadline);
// The two parts back to back, in as few sendmsg() calls as the socket takes
// (a frame header and its bytes without copying them together).
Result<void> send_all(int fd, std::string_view first, std::string_view second, Deadline deadline);
// One byte of data carrying `passed` as SCM_RIGHTS ancillary data (a unix
// socket only): the receiver gets its own descriptor of the same open file.
Result<void> send_fd(int fd, int passed, Deadline deadline);
// Read at most `cap` bytes (waiting until some arrive); 0 means the peer closed.
Result<size_t> recv_some(int fd, char* buf, size_t cap, Deadline deadline);
// Bytes up to and including the first NUL, or up to EOF, or `max` + 1 bytes,
// whichever comes first (a reply parser then sees what was wrong).
Result<std::string> recv_reply(int fd, size_t max, Deadline deadline);
// True when the peer has sent something or closed (no waiting).
bool has_input(int fd);

}  // namespace mp::scan
