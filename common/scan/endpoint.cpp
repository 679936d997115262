// endpoint.cpp: see endpoint.hpp.
#include "scan/endpoint.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>

namespace mp::scan {

namespace {

Result<Endpoint> parse_unix(std::string_view path, std::string_view spec) {
    Endpoint ep;
    ep.text = std::string(spec);
    auto* un = reinterpret_cast<sockaddr_un*>(&ep.addr);
    if (path.empty() || path[0] != '/') return fail("unix socket path must be absolute: " + ep.text);
    if (path.size() >= sizeof(un->sun_path)) return fail("unix socket path too long: " + ep.text);
    un->sun_family = AF_UNIX;
    std::memcpy(un->sun_path, path.data(), path.size());
    ep.len = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + path.size() + 1);
    return ep;
}

Result<Endpoint> parse_inet(std::string_view rest, bool v6, std::string_view spec) {
    Endpoint ep;
    ep.text = std::string(spec);
    size_t at = rest.find('@');
    if (at == std::string_view::npos) return fail("expected PORT@ADDRESS: " + ep.text);
    unsigned port = 0;
    auto [p, ec] = std::from_chars(rest.data(), rest.data() + at, port);
    if (ec != std::errc() || p != rest.data() + at || port == 0 || port > 65535)
        return fail("bad port in " + ep.text);
    std::string host(rest.substr(at + 1));
    if (!v6) {
        auto* in = reinterpret_cast<sockaddr_in*>(&ep.addr);
        in->sin_family = AF_INET;
        in->sin_port = htons(static_cast<uint16_t>(port));
        if (inet_pton(AF_INET, host.c_str(), &in->sin_addr) != 1)
            return fail("address must be a numeric IPv4 address (no name lookups): " + ep.text);
        ep.len = sizeof(sockaddr_in);
    } else {
        auto* in6 = reinterpret_cast<sockaddr_in6*>(&ep.addr);
        in6->sin6_family = AF_INET6;
        in6->sin6_port = htons(static_cast<uint16_t>(port));
        if (inet_pton(AF_INET6, host.c_str(), &in6->sin6_addr) != 1)
            return fail("address must be a numeric IPv6 address (no name lookups): " + ep.text);
        ep.len = sizeof(sockaddr_in6);
    }
    return ep;
}

int ms_left(Deadline deadline) {
    auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now()).count();
    return left <= 0 ? 0 : left > 1'000'000 ? 1'000'000 : static_cast<int>(left);
}

// Wait for `events` on fd until the deadline. Error value on timeout.
Result<void> wait_for(int fd, short events, Deadline deadline, const char* what) {
    for (;;) {
        pollfd p{fd, events, 0};
        int n = ::poll(&p, 1, ms_left(deadline));
        if (n > 0) return {};
        if (n == 0) return fail(std::string("timeout while ") + what);
        if (errno != EINTR) return fail(std::string("poll: ") + std::strerror(errno));
    }
}

std::string errtext(const char* what) { return std::string(what) + ": " + std::strerror(errno); }

}  // namespace

Result<Endpoint> Endpoint::parse(std::string_view spec) {
    auto colon = spec.find(':');
    if (colon == std::string_view::npos) return fail("expected unix:/path or inet:PORT@ADDRESS, got \"" +
                                                     std::string(spec) + "\"");
    std::string_view proto = spec.substr(0, colon), rest = spec.substr(colon + 1);
    if (proto == "unix" || proto == "local") return parse_unix(rest, spec);
    if (proto == "inet") return parse_inet(rest, false, spec);
    if (proto == "inet6") return parse_inet(rest, true, spec);
    return fail("unknown socket type \"" + std::string(proto) + "\" (unix, local, inet, inet6)");
}

Result<util::Fd> connect_to(const Endpoint& ep, Deadline deadline) {
    util::Fd fd(::socket(ep.addr.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
    if (!fd) return fail(errtext("socket"));
    const auto* sa = reinterpret_cast<const sockaddr*>(&ep.addr);
    // A unix socket answers EAGAIN (not EINPROGRESS) while the listen queue is
    // full, and is then not connecting at all: retry until the deadline.
    bool pending = false;
    while (::connect(fd.get(), sa, ep.len) != 0) {
        if ((pending = errno == EINPROGRESS)) break;
        if (errno != EAGAIN && errno != EINTR) return fail(errtext(("connect " + ep.text).c_str()));
        if (ms_left(deadline) == 0) return fail("timeout while connecting to " + ep.text + " (queue full)");
        ::poll(nullptr, 0, 10);
    }
    if (!pending) return fd;
    if (auto w = wait_for(fd.get(), POLLOUT, deadline, ("connecting to " + ep.text).c_str()); !w)
        return fail(w.error().message);
    int err = 0;
    socklen_t len = sizeof err;
    if (::getsockopt(fd.get(), SOL_SOCKET, SO_ERROR, &err, &len) != 0) err = errno;
    if (err != 0) return fail("connect " + ep.text + ": " + std::strerror(err));
    return fd;
}

Result<void> send_all(int fd, std::string_view data, Deadline deadline) {
    while (!data.empty()) {
        ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
        if (n > 0) {
            data.remove_prefix(static_cast<size_t>(n));
            continue;
        }
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) return fail(errtext("send"));
        if (auto w = wait_for(fd, POLLOUT, deadline, "sending"); !w) return w;
    }
    return {};
}

Result<size_t> recv_some(int fd, char* buf, size_t cap, Deadline deadline) {
    for (;;) {
        ssize_t n = ::recv(fd, buf, cap, 0);
        if (n >= 0) return static_cast<size_t>(n);
        if (errno == EINTR) continue;
        if (errno != EAGAIN && errno != EWOULDBLOCK) return fail(errtext("recv"));
        if (auto w = wait_for(fd, POLLIN, deadline, "waiting for the reply"); !w) return fail(w.error().message);
    }
}

bool has_input(int fd) {
    pollfd p{fd, POLLIN, 0};
    return ::poll(&p, 1, 0) > 0;
}

}  // namespace mp::scan
