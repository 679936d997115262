// listen.hpp: when has libpmilter's socket come up? sm_pmfi_start() creates
// and binds it inside the library, in the thread that runs the library, so
// main.cpp waits here before it drops root (the socket must exist to be
// given to the configured user, and a port below 1024 needs root to bind).
//   unix:/path, local:/path, /path   the path exists and is a socket
//   inet:PORT@HOST                   /proc/net/tcp shows PORT listening
#pragma once
#include <chrono>
#include <string>

#include "util/result.hpp"

namespace mp::pmilter {

// The port of "inet:PORT@HOST", 0 for any other spec or a bad port.
int inet_port(const std::string& spec);
// True when /proc/net/tcp-format `table` has a LISTEN socket on `port`.
bool tcp_listening(const std::string& table, int port);
// Polls until the socket is there; an error naming the spec after `limit`.
Result<void> wait_listening(const std::string& spec, std::chrono::milliseconds limit);

}  // namespace mp::pmilter
