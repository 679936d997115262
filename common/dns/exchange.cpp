// exchange.cpp: see exchange.hpp. Pitfall: a connected UDP socket reports an
// ICMP port-unreachable of an earlier datagram as ECONNREFUSED on a later
// recv; that is the server being down, not an error of this socket: the
// retransmission schedule goes on (the server may come back).
#include "dns/exchange.hpp"

#include <arpa/inet.h>
#include <poll.h>
#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

#include "dns/wire.hpp"

namespace mp::dns {

namespace {

int ms_until(Clock::time_point t) {
    auto d = std::chrono::ceil<std::chrono::milliseconds>(t - Clock::now()).count();
    return int(std::clamp<int64_t>(d, 0, 60'000));
}

util::Fd connected(const Server& s, int type) {
    util::Fd fd(socket(s.addr.ss_family, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
    if (!fd) return fd;
    int r = connect(fd.get(), reinterpret_cast<const sockaddr*>(&s.addr), s.len);
    if (r != 0 && errno != EINPROGRESS) fd.reset();
    return fd;
}

}  // namespace

Result<Server> parse_server(const std::string& text) {
    Server s;
    s.text = text;
    size_t at = text.find('@');
    std::string addr = text.substr(0, at);
    int port = at == std::string::npos ? 53 : std::atoi(text.c_str() + at + 1);
    auto* v4 = reinterpret_cast<sockaddr_in*>(&s.addr);
    auto* v6 = reinterpret_cast<sockaddr_in6*>(&s.addr);
    if (inet_pton(AF_INET, addr.c_str(), &v4->sin_addr) == 1) {
        v4->sin_family = AF_INET, v4->sin_port = htons(uint16_t(port)), s.len = sizeof *v4;
    } else if (inet_pton(AF_INET6, addr.c_str(), &v6->sin6_addr) == 1) {
        v6->sin6_family = AF_INET6, v6->sin6_port = htons(uint16_t(port)), s.len = sizeof *v6;
    } else {
        return fail("DNS server '" + text + "' is not an address");
    }
    if (port < 1 || port > 65535) return fail("DNS server '" + text + "': port must be 1..65535");
    return s;
}

Exchange::Exchange(const std::vector<Server>& servers, std::string name, Type type)
    : servers_(servers), name_(std::move(name)), type_(type), socks_(servers.size()), failed_(servers.size()) {
    last_error_ = temp_error("no answer within the deadline");
}

Result<void> Exchange::start() {
    if (servers_.empty()) return fail("no DNS server");
    id_ = uint16_t(arc4random());
    auto q = question_wire(name_, type_, id_);
    if (!q) return fail(q.error().message);
    question_ = std::move(*q);
    return send_next();
}

// The question to the next server in turn (skipping those that gave an error
// answer); the next try after the interval, doubled from the second try on.
Result<void> Exchange::send_next() {
    size_t i = tries_++ % servers_.size();
    for (size_t k = 0; k < servers_.size() && failed_[i]; ++k) i = tries_++ % servers_.size();
    if (!socks_[i]) socks_[i] = connected(servers_[i], SOCK_DGRAM);
    if (!socks_[i]) return fail("DNS server " + servers_[i].text + ": cannot open a socket");
    // A failed send (ECONNREFUSED from an earlier try, buffer full) is a lost datagram: the schedule retries.
    (void)send(socks_[i].get(), question_.data(), question_.size(), MSG_NOSIGNAL);
    if (tries_ > 1) interval_ *= 2;
    next_try_ = Clock::now() + interval_;
    return {};
}

// The datagrams waiting on server i's socket; true with `out` set when one settles the question.
bool Exchange::receive(size_t i, Reply& out) {
    char buf[4096];
    for (;;) {
        ssize_t n = recv(socks_[i].get(), buf, sizeof buf, MSG_DONTWAIT);
        if (n < 0) return false;  // drained, or ECONNREFUSED (see above)
        out = parse_reply(std::string_view(buf, size_t(n)), name_, type_, id_);
        if (out.kind == Reply::Kind::Foreign) continue;
        if (out.kind != Reply::Kind::ServerError) return true;
        failed_[i] = true;
        last_error_ = out.answer;
        if (std::all_of(failed_.begin(), failed_.end(), [](bool f) { return f; })) return true;
        next_try_ = Clock::now();  // another server, now
        return false;
    }
}

Answer Exchange::wait(Deadline until) {
    if (question_.empty()) return temp_error("resolver: no query started");
    std::vector<pollfd> fds;
    std::vector<size_t> index;
    while (Clock::now() < until) {
        if (Clock::now() >= next_try_)
            if (auto sent = send_next(); !sent) return temp_error(sent.error().message);
        fds.clear(), index.clear();
        for (size_t i = 0; i < socks_.size(); ++i)
            if (socks_[i]) fds.push_back({socks_[i].get(), POLLIN, 0}), index.push_back(i);
        if (poll(fds.data(), fds.size(), ms_until(std::min(until, next_try_))) < 0 && errno != EINTR)
            return temp_error("resolver: poll failed");
        for (size_t k = 0; k < fds.size(); ++k) {
            Reply r;
            if (!fds[k].revents || !receive(index[k], r)) continue;
            if (r.kind == Reply::Kind::Truncated) return over_tcp(index[k], until);
            return r.answer;
        }
    }
    return last_error_;
}

// The question again over TCP (RFC 7766: two-byte length, then the message), by `until`.
Answer Exchange::over_tcp(size_t i, Deadline until) {
    util::Fd fd = connected(servers_[i], SOCK_STREAM);
    if (!fd) return temp_error("DNS server " + servers_[i].text + ": cannot connect over TCP");
    std::string out;
    out += char(question_.size() >> 8), out += char(question_.size() & 0xff), out += question_;
    std::string in;
    size_t sent = 0;
    while (Clock::now() < until) {
        bool writing = sent < out.size();
        pollfd p{fd.get(), short(writing ? POLLOUT : POLLIN), 0};
        if (poll(&p, 1, ms_until(until)) <= 0) continue;
        ssize_t n = writing ? send(fd.get(), out.data() + sent, out.size() - sent, MSG_NOSIGNAL)
                            : recv(fd.get(), buf_, sizeof buf_, 0);
        if (n < 0 && (errno == EAGAIN || errno == EINTR)) continue;
        if (n <= 0) return temp_error("DNS server " + servers_[i].text + ": TCP connection failed");
        if (writing) {
            sent += size_t(n);
            continue;
        }
        in.append(buf_, size_t(n));
        if (in.size() < 2) continue;
        size_t len = size_t(uint8_t(in[0])) << 8 | uint8_t(in[1]);
        if (in.size() < len + 2) continue;
        Reply r = parse_reply(std::string_view(in).substr(2, len), name_, type_, id_);
        if (r.kind == Reply::Kind::Answer || r.kind == Reply::Kind::ServerError) return r.answer;
        return temp_error("DNS server " + servers_[i].text + ": no usable answer over TCP");
    }
    return temp_error("no answer within the deadline");
}

}  // namespace mp::dns
