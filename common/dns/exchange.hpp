// exchange.hpp: one question to the configured servers and its answer, on
// sockets of its own, driven by the thread that waits for it. The question
// leaves at start (so a server answers while the caller does other work: the
// answer waits in the socket), and wait() polls those sockets: an answer
// costs the waiting thread one wake-up, with no other thread in between.
//
//   Exchange ex(servers, "k._domainkey.example.org", Type::TXT);
//   if (auto sent = ex.start(); !sent) ...;        // first datagram sent
//   Answer a = ex.wait(until);                    // by `until` at the latest
//
// Transport: UDP, one socket per server, connected (the kernel drops
// datagrams from any other address), a random 16-bit id and a kernel-chosen
// source port. Retransmission: the next server in turn, 500 ms after the
// first try, each further interval twice the last. A truncated answer is
// asked again over TCP of the same server. SERVFAIL, REFUSED and the like
// move on to the next server at once; they are the answer only when every
// server gave one. Guarantees: wait() returns by `until`; every socket is
// closed when the Exchange goes (dropping it abandons the question).
#pragma once
#include <netinet/in.h>
#include <sys/socket.h>

#include <string>
#include <vector>

#include "dns/types.hpp"
#include "util/raii.hpp"
#include "util/result.hpp"

namespace mp::dns {

struct Reply;

struct Server {
    sockaddr_storage addr{};
    socklen_t len = 0;
    std::string text;  // as configured, for messages
};
// "192.0.2.1", "2001:db8::1", "127.0.0.1@5353" (checked by options.cpp).
Result<Server> parse_server(const std::string& text);

class Exchange {
public:
    Exchange(const std::vector<Server>& servers, std::string name, Type type);
    Result<void> start();
    Answer wait(Deadline until);
    const std::string& name() const { return name_; }
    Type type() const { return type_; }

private:
    Result<void> send_next();
    bool receive(size_t i, Reply& out);
    Answer over_tcp(size_t i, Deadline until);

    const std::vector<Server>& servers_;
    std::string name_;
    Type type_;
    uint16_t id_ = 0;
    std::string question_;
    std::vector<util::Fd> socks_;  // by server; open once tried
    size_t tries_ = 0;
    std::vector<bool> failed_;     // gave an error answer
    Answer last_error_;
    Clock::time_point next_try_{};
    Clock::duration interval_ = std::chrono::milliseconds(500);
    char buf_[4096];  // TCP reads
};

}  // namespace mp::dns
