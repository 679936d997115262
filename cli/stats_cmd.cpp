// stats_cmd.cpp: `milterpack -f FILE stats`, the running daemon's metrics as
// its endpoint serves them (metrics { listen = HOST:PORT; }): one HTTP/1.0
// GET /metrics, the Prometheus text copied to stdout. Exit 0 with the text,
// 2 when the configuration names no endpoint or nothing answers there (with
// the errno text), or the answer is not 200. Waits at most 10 s for the daemon.
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>

#include "cli/commands.hpp"
#include "metrics/options.hpp"
#include "util/raii.hpp"

namespace mp::cli {

namespace {

Result<std::string> http_get(const util::Endpoint& ep, const std::string& host) {
    util::Fd fd(::socket(ep.addr.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0));
    if (!fd) return fail(std::string("socket: ") + std::strerror(errno));
    struct timeval tv = {10, 0};
    ::setsockopt(fd.get(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    ::setsockopt(fd.get(), SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    if (::connect(fd.get(), reinterpret_cast<const sockaddr*>(&ep.addr), ep.len) != 0)
        return fail("connect " + host + ": " + std::strerror(errno));
    std::string req = "GET /metrics HTTP/1.0\r\nHost: " + host + "\r\n\r\n";
    if (::send(fd.get(), req.data(), req.size(), MSG_NOSIGNAL) != ssize_t(req.size()))
        return fail("send " + host + ": " + std::strerror(errno));
    std::string answer;
    char buf[65536];
    for (ssize_t n; (n = ::recv(fd.get(), buf, sizeof buf, 0)) != 0;) {
        if (n < 0) return fail("read " + host + ": " + std::strerror(errno));
        answer.append(buf, size_t(n));
    }
    return answer;
}

}  // namespace

int stats(const Context& c) {
    int status;
    auto engine = load_engine(c.config_path, status);
    if (!engine) return status;
    const std::string listen = engine->metrics().listen;
    if (listen.empty()) return report({c.config_path + ": no metrics { listen = HOST:PORT; } to scrape"});
    auto ep = metrics::parse_listen(listen);
    if (!ep) return report({ep.error().message});
    auto answer = http_get(*ep, listen);
    if (!answer) return report({"milterpack stats: " + answer.error().message});
    auto end = answer->find("\r\n\r\n");
    auto line = answer->substr(0, answer->find("\r\n"));
    if (end == std::string::npos || line.find(" 200 ") == std::string::npos)
        return report({"milterpack stats: http://" + listen + "/metrics answered '" + line + "'"});
    std::fputs(answer->c_str() + end + 4, stdout);
    return 0;
}

}  // namespace mp::cli
