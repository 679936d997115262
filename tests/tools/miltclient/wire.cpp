// wire.cpp: see wire.hpp. Non-blocking socket, poll() before every I/O step.
#include "wire.hpp"

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

namespace mp::miltclient {
namespace {

std::string errno_text(const char* what) { return std::string(what) + ": " + std::strerror(errno); }

struct Target {
    sockaddr_storage addr{};
    socklen_t len = 0;
};

Result<Target> unix_target(std::string_view path) {
    Target t;
    auto* sun = reinterpret_cast<sockaddr_un*>(&t.addr);
    if (path.empty() || path.size() >= sizeof(sun->sun_path))
        return fail("unix socket path empty or too long: " + std::string(path));
    sun->sun_family = AF_UNIX;
    std::memcpy(sun->sun_path, path.data(), path.size());
    t.len = sizeof(sockaddr_un);
    return t;
}

// inet:PORT@HOST. Only loopback: this tool never talks to another machine.
Result<Target> inet_target(std::string_view rest) {
    auto at = rest.find('@');
    if (at == std::string_view::npos) return fail("socket spec needs PORT@HOST: " + std::string(rest));
    std::string port_s(rest.substr(0, at)), host(rest.substr(at + 1));
    char* end = nullptr;
    long port = std::strtol(port_s.c_str(), &end, 10);
    if (port_s.empty() || *end != '\0' || port < 1 || port > 65535) return fail("bad port: " + port_s);
    if (host == "localhost") host = "127.0.0.1";
    if (!host.empty() && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    Target t;
    auto* v4 = reinterpret_cast<sockaddr_in*>(&t.addr);
    auto* v6 = reinterpret_cast<sockaddr_in6*>(&t.addr);
    if (inet_pton(AF_INET, host.c_str(), &v4->sin_addr) == 1) {
        if ((ntohl(v4->sin_addr.s_addr) >> 24) != 127) return fail("not a loopback address: " + host);
        v4->sin_family = AF_INET;
        v4->sin_port = htons(static_cast<uint16_t>(port));
        t.len = sizeof(sockaddr_in);
    } else if (inet_pton(AF_INET6, host.c_str(), &v6->sin6_addr) == 1) {
        if (!IN6_IS_ADDR_LOOPBACK(&v6->sin6_addr)) return fail("not a loopback address: " + host);
        v6->sin6_family = AF_INET6;
        v6->sin6_port = htons(static_cast<uint16_t>(port));
        t.len = sizeof(sockaddr_in6);
    } else {
        return fail("host must be a numeric address: " + host);
    }
    return t;
}

Result<Target> parse_spec(std::string_view spec) {
    for (std::string_view p : {"unix:", "local:"})
        if (spec.substr(0, p.size()) == p) return unix_target(spec.substr(p.size()));
    for (std::string_view p : {"inet:", "inet6:"})
        if (spec.substr(0, p.size()) == p) return inet_target(spec.substr(p.size()));
    if (!spec.empty() && spec.front() == '/') return unix_target(spec);
    return fail("unknown socket spec (want unix:/path or inet:PORT@HOST): " + std::string(spec));
}

}  // namespace

void put_u32(std::string& out, std::uint32_t v) {
    std::uint32_t be = htonl(v);
    out.append(reinterpret_cast<const char*>(&be), 4);
}

std::uint32_t get_u32(std::string_view four) {
    std::uint32_t be = 0;
    std::memcpy(&be, four.data(), 4);
    return ntohl(be);
}

void encode(std::string& out, char cmd, std::string_view data) {
    put_u32(out, static_cast<std::uint32_t>(data.size() + 1));
    out.push_back(cmd);
    out.append(data);
}

Result<Channel> Channel::open(std::string_view spec, int timeout_ms) {
    auto target = parse_spec(spec);
    if (!target) return Unexpected<Error>{target.error()};
    util::Fd fd(::socket(target->addr.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
    if (!fd) return fail(errno_text("socket"));
    Channel ch(std::move(fd), timeout_ms);
    if (::connect(ch.fd_.get(), reinterpret_cast<sockaddr*>(&target->addr), target->len) != 0) {
        if (errno != EINPROGRESS) return fail(errno_text(("connect " + std::string(spec)).c_str()));
        if (auto w = ch.wait_for(POLLOUT); !w) return fail("connect " + std::string(spec) + ": " + w.error().message);
        int err = 0;
        socklen_t len = sizeof err;
        getsockopt(ch.fd_.get(), SOL_SOCKET, SO_ERROR, &err, &len);
        if (err != 0) return fail("connect " + std::string(spec) + ": " + std::strerror(err));
    }
    return ch;
}

Result<void> Channel::wait_for(short events) {
    pollfd p{fd_.get(), events, 0};
    for (;;) {
        int n = ::poll(&p, 1, timeout_ms_);
        if (n > 0) return {};
        if (n == 0) return fail("timeout after " + std::to_string(timeout_ms_) + " ms");
        if (errno != EINTR) return fail(errno_text("poll"));
    }
}

Result<void> Channel::flush() {
    std::size_t done = 0;
    while (done < out_.size()) {
        ssize_t n = ::send(fd_.get(), out_.data() + done, out_.size() - done, MSG_NOSIGNAL);
        if (n > 0) { done += static_cast<std::size_t>(n); continue; }
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            if (auto w = wait_for(POLLOUT); !w) return fail("write to filter: " + w.error().message);
            continue;
        }
        out_.clear();
        return fail(errno_text("write to filter"));
    }
    out_.clear();
    return {};
}

// Read whatever is available (at least one byte) into in_. Poll first: a
// reply is rarely there the moment the command went out.
Result<void> Channel::fill() {
    if (in_pos_ > 0 && in_pos_ == in_.size()) { in_.clear(); in_pos_ = 0; }
    char buf[65536];
    for (;;) {
        if (auto w = wait_for(POLLIN); !w) return fail("read from filter: " + w.error().message);
        ssize_t n = ::recv(fd_.get(), buf, sizeof buf, 0);
        if (n > 0) { in_.append(buf, static_cast<std::size_t>(n)); return {}; }
        if (n == 0) return fail("filter closed the connection");
        if (errno != EINTR && errno != EAGAIN && errno != EWOULDBLOCK) return fail(errno_text("read from filter"));
    }
}

Result<Packet> Channel::read() {
    if (!fd_) return fail("not connected");
    if (auto f = flush(); !f) return Unexpected<Error>{f.error()};
    while (in_.size() - in_pos_ < 4)
        if (auto r = fill(); !r) return Unexpected<Error>{r.error()};
    std::uint32_t len = get_u32(std::string_view(in_).substr(in_pos_, 4));
    if (len == 0) return fail("malformed reply: zero-length packet");
    if (len > kMaxPacket) return fail("malformed reply: packet length " + std::to_string(len) + " exceeds limit");
    while (in_.size() - in_pos_ < 4 + std::size_t{len})
        if (auto r = fill(); !r) return Unexpected<Error>{r.error()};
    Packet p;
    p.cmd = in_[in_pos_ + 4];
    p.data.assign(in_, in_pos_ + 5, len - 1);
    in_pos_ += 4 + len;
    if (in_pos_ == in_.size()) { in_.clear(); in_pos_ = 0; }
    return p;
}

}  // namespace mp::miltclient
