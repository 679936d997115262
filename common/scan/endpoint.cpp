// endpoint.cpp: see endpoint.hpp.
#include "scan/endpoint.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace mp::scan {

namespace {

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

Result<util::Fd> connect_to(const util::Endpoint& ep, Deadline deadline) {
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

Result<void> send_all(int fd, std::string_view first, std::string_view second, Deadline deadline) {
    while (!first.empty()) {
        iovec iov[2] = {{const_cast<char*>(first.data()), first.size()},
                        {const_cast<char*>(second.data()), second.size()}};
        msghdr m{};
        m.msg_iov = iov;
        m.msg_iovlen = second.empty() ? 1 : 2;
        ssize_t n = ::sendmsg(fd, &m, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) return fail(errtext("send"));
        if (n < 0) {
            if (auto w = wait_for(fd, POLLOUT, deadline, "sending"); !w) return w;
            continue;
        }
        auto sent = static_cast<size_t>(n);
        size_t from_first = std::min(sent, first.size());
        first.remove_prefix(from_first);
        second.remove_prefix(sent - from_first);
    }
    return send_all(fd, second, deadline);
}

Result<void> send_fd(int fd, int passed, Deadline deadline) {
    char byte = '\0';
    iovec iov{&byte, 1};
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))] = {};
    msghdr m{};
    m.msg_iov = &iov;
    m.msg_iovlen = 1;
    m.msg_control = control;
    m.msg_controllen = sizeof control;
    cmsghdr* c = CMSG_FIRSTHDR(&m);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof(int));
    std::memcpy(CMSG_DATA(c), &passed, sizeof(int));
    for (;;) {
        ssize_t n = ::sendmsg(fd, &m, MSG_NOSIGNAL);
        if (n == 1) return {};
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) return fail(errtext("sendmsg"));
        if (auto w = wait_for(fd, POLLOUT, deadline, "passing the descriptor"); !w) return w;
    }
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

Result<std::string> recv_reply(int fd, size_t max, Deadline deadline) {
    std::string raw;
    char tmp[256];
    while (raw.size() <= max && raw.find('\0') == std::string::npos) {
        auto n = recv_some(fd, tmp, sizeof tmp, deadline);
        if (!n) return fail(n.error().message);
        if (*n == 0) break;
        raw.append(tmp, *n);
    }
    return raw;
}

bool has_input(int fd) {
    pollfd p{fd, POLLIN, 0};
    return ::poll(&p, 1, 0) > 0;
}

}  // namespace mp::scan
