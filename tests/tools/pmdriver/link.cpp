// link.cpp: see link.hpp.
#include "link.hpp"

#include <arpa/inet.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>

#include "listen.hpp"

namespace mp::pmdriver {
namespace {

using Clock = std::chrono::steady_clock;

int ms_left(Clock::time_point end) {
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(end - Clock::now()).count();
    return ms < 0 ? 0 : static_cast<int>(ms);
}

Result<util::Fd> dial(const std::string& spec) {
    auto s = pmapi::parse_spec(spec);
    if (!s) return fail(s.error().message);
    sockaddr_storage ss{};
    socklen_t len = 0;
    if (s->kind == pmapi::ListenSpec::Kind::Unix) {
        auto* sun = reinterpret_cast<sockaddr_un*>(&ss);
        if (s->path.size() >= sizeof sun->sun_path) return fail("socket path too long");
        sun->sun_family = AF_UNIX;
        std::memcpy(sun->sun_path, s->path.c_str(), s->path.size() + 1);
        len = sizeof *sun;
    } else if (auto* s4 = reinterpret_cast<sockaddr_in*>(&ss); inet_pton(AF_INET, s->addr.c_str(), &s4->sin_addr) == 1) {
        s4->sin_family = AF_INET;
        s4->sin_port = htons(static_cast<uint16_t>(s->port));
        len = sizeof *s4;
    } else {
        auto* s6 = reinterpret_cast<sockaddr_in6*>(&ss);
        inet_pton(AF_INET6, s->addr.c_str(), &s6->sin6_addr);
        s6->sin6_family = AF_INET6;
        s6->sin6_port = htons(static_cast<uint16_t>(s->port));
        len = sizeof *s6;
    }
    util::Fd fd(socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0));
    if (!fd) return fail(std::string("socket: ") + std::strerror(errno));
    if (connect(fd.get(), reinterpret_cast<sockaddr*>(&ss), len) != 0)
        return fail("connect " + spec + ": " + std::strerror(errno));
    return fd;
}

std::vector<std::uint32_t> parse_ids(const std::string& s) {
    std::vector<std::uint32_t> ids;
    std::size_t i = 0;
    while (i < s.size()) {
        auto comma = s.find(',', i);
        ids.push_back(static_cast<std::uint32_t>(std::stoul(s.substr(i, comma - i))));
        i = comma == std::string::npos ? s.size() : comma + 1;
    }
    return ids;
}

}  // namespace

Link::~Link() { close(); }

Result<pmapi::Frame> Link::read_frame(double timeout) {
    auto end = Clock::now() + std::chrono::milliseconds(static_cast<long>(timeout * 1000));
    for (;;) {
        auto f = in_.next();
        if (!f) return fail(f.error().message);
        if (*f) return std::move(**f);
        pollfd p{fd_.get(), POLLIN, 0};
        int n = poll(&p, 1, ms_left(end));
        if (n == 0) return fail("timeout");
        if (n < 0 && errno == EINTR) continue;
        char buf[65536];
        ssize_t r = recv(fd_.get(), buf, sizeof buf, 0);
        if (r <= 0) return fail(r == 0 ? "connection closed by the pmilter" : std::strerror(errno));
        in_.feed(buf, static_cast<std::size_t>(r));
    }
}

Result<void> Link::open(const std::string& spec, double timeout) {
    close();
    auto fd = dial(spec);
    if (!fd) return fail(fd.error().message);
    fd_ = std::move(*fd);
    in_ = pmapi::FrameReader{};
    post(pmapi::make_frame('N', 0, {"1", "0", "0", "0", "0"}));
    auto n = read_frame(timeout);
    if (!n) return fail("negotiation: " + n.error().message);
    auto f = pmapi::decode_fields(n->payload);
    if (n->type == 'X' && f && !f->empty() && (*f)[0]) return fail("negotiation refused: " + *(*f)[0]);
    if (n->type != 'n' || !f || f->size() != 6 + PM_SMST_MAX) return fail("negotiation: bad answer");
    for (unsigned st = 0; st < PM_SMST_MAX; ++st) macs_[st] = parse_ids((*f)[6 + st].value_or(""));
    {
        std::lock_guard lk(mu_);
        dead_ = false;
    }
    reader_ = std::thread([this] { reader(); });
    return {};
}

bool Link::alive() {
    std::lock_guard lk(mu_);
    return !dead_;
}

void Link::close() {
    if (fd_) shutdown(fd_.get(), SHUT_RDWR);
    if (reader_.joinable()) reader_.join();
    fd_.reset();
    lose_all("connection closed by the driver");
}

std::uint32_t Link::new_session() {
    std::lock_guard lk(mu_);
    return ++next_sid_;
}

void Link::post(const pmapi::Frame& f) {
    std::string out = pmapi::encode(f);
    std::lock_guard lk(write_mu_);
    std::size_t off = 0;
    while (off < out.size()) {
        ssize_t n = send(fd_.get(), out.data() + off, out.size() - off, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return;  // the reader sees the connection end
        off += static_cast<std::size_t>(n);
    }
}

Answer Link::call(const pmapi::Frame& f, double timeout) {
    Waiter w;
    std::unique_lock lk(mu_);
    if (dead_) return Answer{Answer::Kind::Lost, dead_why_, {}, {}, {}};
    waiting_[f.session] = &w;
    lk.unlock();
    post(f);
    lk.lock();
    bool done = cv_.wait_for(lk, std::chrono::milliseconds(static_cast<long>(timeout * 1000)), [&] { return w.done; });
    waiting_.erase(f.session);
    if (!done) return Answer{Answer::Kind::Timeout, "timeout", {}, {}, {}};
    return w.answer;
}

void Link::reader() {
    std::string why;
    for (;;) {
        auto f = read_frame(3600 * 24);
        if (!f) { why = f.error().message; break; }
        if (f->type == 'X') {
            auto x = pmapi::decode_fields(f->payload);
            why = "closed by the pmilter: " + (x && !x->empty() && (*x)[0] ? *(*x)[0] : std::string("?"));
            break;
        }
        deliver(*f);
    }
    lose_all(why);
}

void Link::deliver(const pmapi::Frame& f) {
    std::lock_guard lk(mu_);
    auto it = waiting_.find(f.session);
    if (it == waiting_.end()) return;  // nobody waits: a timed-out session
    Answer& a = it->second->answer;
    auto fields = pmapi::decode_fields(f.payload);
    std::vector<std::string> v;
    if (fields)
        for (auto& x : *fields) v.push_back(x.value_or(""));
    switch (f.type) {
        case 'h': case 'a': case 'd': a.edits.push_back(Edit{f.type, v}); return;
        case 'b': a.replaced += f.payload; return;
        case 'r':
            a.kind = Answer::Kind::Reply;
            a.code = v.empty() ? "?" : v[0];
            if (fields && fields->size() > 1) a.text = (*fields)[1];
            break;
        case 'k': a.kind = Answer::Kind::Ack; a.code = v.empty() ? "?" : v[0]; break;
        default: a.kind = Answer::Kind::Refused; a.code = v.empty() ? "?" : v[0]; break;
    }
    it->second->done = true;
    cv_.notify_all();
}

void Link::lose_all(const std::string& why) {
    std::lock_guard lk(mu_);
    if (!dead_) dead_why_ = why.empty() ? "connection lost" : why;
    dead_ = true;
    for (auto& [sid, w] : waiting_) {
        w->answer = Answer{Answer::Kind::Lost, dead_why_, {}, {}, {}};
        w->done = true;
    }
    cv_.notify_all();
}

}  // namespace mp::pmdriver
