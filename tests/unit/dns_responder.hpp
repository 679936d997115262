// dns_responder.hpp: a small DNS server for the unit tests of common/dns, on
// a free loopback port of this process (UDP and TCP on the same port), its
// replies built byte by byte here (not by ldns, which the resolver parses
// with). What it answers depends on the name asked and on its Mode:
//   "nx..."       NXDOMAIN            "silent..."   no reply at all
//   "servfail..." SERVFAIL            "tc..."       TC over UDP, the answer over TCP
//   "spoof..."    first a reply with another id, then the answer
//   anything else TXT "text of NAME", TTL 300 (over TCP: "tcp text of NAME")
// Mode::Silent never replies and Mode::ServFail answers SERVFAIL to every
// question; both still count the questions they get.
#pragma once
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <memory>
#include <string>
#include <thread>

#include "dns/resolver.hpp"

namespace dnstest {

enum class Mode { Normal, Silent, ServFail };

// The name asked (dotted, no final dot) and the end of the question, or pos 0.
inline std::pair<std::string, size_t> question_of(const std::string& q) {
    size_t pos = 12;
    std::string name;
    while (pos < q.size() && q[pos] != 0) {
        size_t len = uint8_t(q[pos]);
        name += (name.empty() ? "" : ".") + q.substr(pos + 1, len);
        pos += len + 1;
    }
    if (q.size() < 12 || pos + 5 > q.size()) return {"", 0};
    return {name, pos + 5};
}

// The reply to one query (header, the question echoed), or "" for no reply.
inline std::string reply_to(const std::string& q, Mode mode, bool over_tcp) {
    auto [name, end] = question_of(q);
    if (end == 0 || mode == Mode::Silent || name.starts_with("silent")) return "";
    std::string r = q.substr(0, 2) + "\x85\x80" + std::string("\x00\x01\x00\x00\x00\x00\x00\x00", 8);
    r += q.substr(12, end - 12);
    if (mode == Mode::ServFail || name.starts_with("servfail")) return r[3] = char(0x82), r;
    if (name.starts_with("nx")) return r[3] = char(0x83), r;
    if (name.starts_with("tc") && !over_tcp) return r[2] = char(0x87), r;  // QR AA TC RD
    std::string text = (over_tcp ? "tcp text of " : "text of ") + name;
    r[7] = 1;                                                           // one answer
    r += std::string("\xc0\x0c\x00\x10\x00\x01\x00\x00\x01\x2c", 10);  // TXT IN TTL 300
    r += char(0), r += char(text.size() + 1), r += char(text.size()), r += text;
    return r;
}

class Responder {
public:
    explicit Responder(Mode mode = Mode::Normal) : mode_(mode) {
        REQUIRE(bind_both());
        REQUIRE(pipe(stop_) == 0);
        thread_ = std::thread([this] { serve(); });
    }
    ~Responder() {
        if (write(stop_[1], "q", 1) == 1) thread_.join();
        for (int f : {udp_, tcp_, stop_[0], stop_[1]}) close(f);
    }
    std::string server() const { return "127.0.0.1@" + std::to_string(port_); }
    std::shared_ptr<mp::dns::Resolver> resolver(int cache_size = 100) const { return resolver_of({server()}, cache_size); }
    static std::shared_ptr<mp::dns::Resolver> resolver_of(std::vector<std::string> servers, int cache_size = 100) {
        mp::dns::Options o;
        o.servers = std::move(servers);
        o.cache_size = uint32_t(cache_size);
        o.query_timeout = std::chrono::seconds(20);
        auto r = mp::dns::Resolver::create(o);
        REQUIRE(r);
        return *r;
    }
    std::atomic<int> queries{0}, tcp_queries{0};

private:
    bool bind_both() {
        for (int attempt = 0; attempt < 20; ++attempt) {
            sockaddr_in a{.sin_family = AF_INET, .sin_port = 0, .sin_addr = {htonl(INADDR_LOOPBACK)}, .sin_zero = {}};
            auto* sa = reinterpret_cast<sockaddr*>(&a);
            socklen_t len = sizeof a;
            udp_ = socket(AF_INET, SOCK_DGRAM, 0);
            if (udp_ < 0 || bind(udp_, sa, len) != 0 || getsockname(udp_, sa, &len) != 0) return false;
            tcp_ = socket(AF_INET, SOCK_STREAM, 0);
            int on = 1;
            setsockopt(tcp_, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
            if (tcp_ >= 0 && bind(tcp_, sa, len) == 0 && listen(tcp_, 8) == 0) return port_ = ntohs(a.sin_port), true;
            close(udp_), close(tcp_);  // the TCP port was taken: another pair
        }
        return false;
    }
    void serve() {
        for (;;) {
            pollfd p[3] = {{udp_, POLLIN, 0}, {tcp_, POLLIN, 0}, {stop_[0], POLLIN, 0}};
            if (poll(p, 3, -1) < 0 || p[2].revents) return;
            if (p[0].revents) answer_udp();
            if (p[1].revents) answer_tcp();
        }
    }
    void answer_udp() {
        char buf[1500];
        sockaddr_in from{};
        socklen_t len = sizeof from;
        ssize_t n = recvfrom(udp_, buf, sizeof buf, 0, reinterpret_cast<sockaddr*>(&from), &len);
        if (n <= 0) return;
        ++queries;
        std::string q(buf, size_t(n));
        std::string r = reply_to(q, mode_, false);
        auto* to = reinterpret_cast<sockaddr*>(&from);
        if (!r.empty() && question_of(q).first.starts_with("spoof")) {
            std::string other = r;
            other[1] = char(other[1] ^ 0x5a);
            sendto(udp_, other.data(), other.size(), 0, to, len);
        }
        if (!r.empty()) sendto(udp_, r.data(), r.size(), 0, to, len);
    }
    // One question per connection, read whole (the test's questions are small).
    void answer_tcp() {
        int c = accept(tcp_, nullptr, nullptr);
        if (c < 0) return;
        std::string in;
        char buf[1500];
        ssize_t n;
        while ((in.size() < 2 || in.size() < 2 + (size_t(uint8_t(in[0])) << 8 | uint8_t(in[1]))) &&
               (n = recv(c, buf, sizeof buf, 0)) > 0)
            in.append(buf, size_t(n));
        ++tcp_queries;
        std::string r = in.size() > 2 ? reply_to(in.substr(2), mode_, true) : "";
        std::string out = std::string(1, char(r.size() >> 8)) + char(r.size() & 0xff) + r;
        if (!r.empty() && send(c, out.data(), out.size(), MSG_NOSIGNAL) < 0) {}
        close(c);
    }

    Mode mode_;
    int udp_ = -1, tcp_ = -1, port_ = 0;
    int stop_[2] = {-1, -1};
    std::thread thread_;
};

}  // namespace dnstest
