// server.cpp: see server.hpp. The I/O loop (poll over the listener and the
// connections), frame admission (PROTOCOL.md section 3) and the worker pool.
#include "server.hpp"

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>
#include <vector>

#include "listen.hpp"

namespace mp::pmapi {

Server::Server(pmg_ctx_S& g, const pmilter_T& pm)
    : g_(g),
      pm_(pm),
      soft_(pm.pmfi_thrmax_s ? pm.pmfi_thrmax_s : 2),
      hard_(pm.pmfi_thrmax_h ? pm.pmfi_thrmax_h : 6),
      fdmax_(pm.pmfi_fdmax ? pm.pmfi_fdmax : 10) {
    if (hard_ < soft_) hard_ = soft_;
}

Result<void> Server::run() {
    auto spec = parse_spec(g_.spec);
    if (!spec) return fail("sm_pmfi_start: " + spec.error().message);
    auto lfd = open_listener(*spec);
    if (!lfd) return fail("sm_pmfi_start: " + lfd.error().message);
    g_.log(1, "listening on " + g_.spec);
    std::vector<pollfd> pfds;
    for (;;) {
        pfds.assign(1, pollfd{lfd->get(), POLLIN, 0});
        for (const auto& [fd, c] : conns_) pfds.push_back(pollfd{fd, POLLIN, 0});
        if (poll(pfds.data(), pfds.size(), -1) < 0) {
            if (errno == EINTR) continue;
            return fail(std::string("poll: ") + std::strerror(errno));
        }
        for (std::size_t i = 1; i < pfds.size(); ++i) {
            auto it = conns_.find(pfds[i].fd);
            if (pfds[i].revents && it != conns_.end()) read_conn(ConnP(it->second));  // a copy: teardown erases
        }
        if (pfds[0].revents & POLLIN) accept_one(lfd->get());
    }
}

void Server::accept_one(int lfd) {
    util::Fd fd(accept4(lfd, nullptr, nullptr, SOCK_CLOEXEC));
    if (!fd) return;
    if (conns_.size() >= fdmax_) {
        g_.log(1, "connection refused: " + std::to_string(fdmax_) + " driver connections open (pmfi_fdmax)");
        return;
    }
    timeval tv{30, 0};
    setsockopt(fd.get(), SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    auto c = std::make_shared<pmss_ctx_S>();
    c->g = &g_;
    c->peer = "fd " + std::to_string(fd.get());
    c->ctl = std::make_shared<pmse_ctx_S>();
    c->ctl->conn = c;
    int key = fd.get();
    c->fd = std::move(fd);
    conns_[key] = c;
    g_.log(2, "driver connection " + c->peer + " accepted");
}

void Server::read_conn(ConnP c) {
    char buf[65536];
    ssize_t n = recv(c->fd.get(), buf, sizeof buf, 0);
    if (n <= 0) {
        if (n < 0 && (errno == EINTR || errno == EAGAIN)) return;
        teardown(c);
        return;
    }
    c->reader.feed(buf, static_cast<std::size_t>(n));
    for (;;) {
        auto f = c->reader.next();
        if (!f) {
            c->fail(f.error().message);
            teardown(c);
            return;
        }
        if (!*f) return;
        dispatch(c, std::move(**f));
        std::lock_guard lk(mu_);
        if (c->dead) return;
    }
}

void Server::dispatch(const ConnP& c, Frame f) {
    std::unique_lock lk(mu_);
    if (c->state == pmss_ctx_S::State::Fresh && f.type == 'N' && f.session == 0) {
        c->state = pmss_ctx_S::State::Negotiating;
        enqueue(c->ctl, std::move(f));
        return;
    }
    std::string bad;
    if (c->state == pmss_ctx_S::State::Fresh) bad = "the first frame must be N";
    else if (c->state == pmss_ctx_S::State::Negotiating) bad = "frame before the negotiation answer";
    else if (f.type == 'N' || f.session == 0) bad = "N or session 0 after negotiation";
    else if (!std::strchr("CHMRDBEUAQ", f.type)) bad = std::string("frame type ") + f.type + " from the driver";
    if (bad.empty()) {
        lk.unlock();
        dispatch_session(c, std::move(f));
        return;
    }
    lk.unlock();
    c->fail(bad);
    teardown(c);
}

void Server::dispatch_session(const ConnP& c, Frame f) {
    std::unique_lock lk(mu_);
    auto it = c->sessions.find(f.session);
    std::string refuse;
    if (f.type == 'C') {
        if (it != c->sessions.end()) refuse = "duplicate session id";
        else if (c->sessions.size() >= kMaxSessionsPerConn) refuse = "too many sessions on this connection";
        else {
            auto s = std::make_shared<pmse_ctx_S>();
            s->conn = c;
            s->sid = f.session;
            c->sessions[f.session] = s;
            enqueue(s, std::move(f));
            return;
        }
    } else if (it == c->sessions.end()) {
        refuse = "unknown session";
    } else {
        // The answer goes out before the worker marks the session idle, so
        // one frame may arrive while its predecessor still counts as running.
        auto& s = it->second;
        if (s->queue.size() >= 2 || (s->queue.size() == 1 && f.type != 'Q')) {
            lk.unlock();
            c->fail("session " + std::to_string(f.session) + ": a command while one is outstanding");
            teardown(c);
            return;
        }
        enqueue(s, std::move(f));
        return;
    }
    lk.unlock();
    c->send({make_frame('x', f.session, {refuse})});
}

void Server::teardown(ConnP c) {
    conns_.erase(c->fd.get());
    shutdown(c->fd.get(), SHUT_RDWR);
    std::lock_guard lk(mu_);
    if (c->dead) return;
    c->dead = true;
    for (auto& [sid, s] : c->sessions) {
        s->gone = true;
        s->queue.clear();  // not yet started: never run
        make_ready(s);
    }
    c->sessions.clear();
    c->ctl.reset();
    g_.log(2, "driver connection " + c->peer + " closed");
}

void Server::enqueue(const SessP& s, Frame f) {
    s->queue.push_back(std::move(f));
    make_ready(s);
}

void Server::make_ready(const SessP& s) {
    if (s->scheduled || s->closed) return;
    s->scheduled = true;
    ready_.push_back(s);
    if (idle_ == 0 && threads_ < hard_) {
        try {
            std::thread([this] { worker(); }).detach();
            ++threads_;
            return;
        } catch (const std::system_error& e) {  // no thread now: a running worker will take it
            g_.log(1, std::string("cannot start a worker thread: ") + e.what());
            if (threads_ == 0) throw;
        }
    }
    cv_.notify_one();
}

}  // namespace mp::pmapi
