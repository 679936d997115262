// pool.cpp: see pool.hpp.
#include "callahead/pool.hpp"

#include "scan/endpoint.hpp"

namespace mp::callahead {

Result<SmtpReply> Conn::read_reply(Deadline deadline) {
    char chunk[4096];
    while (true) {
        auto r = parse_smtp_reply(buf_);
        if (!r) return fail(r.error().message);
        if (*r) {
            buf_.erase(0, (*r)->used);
            return std::move(**r);
        }
        auto n = scan::recv_some(fd_.get(), chunk, sizeof chunk, deadline);
        if (!n) return fail(n.error().message);
        if (*n == 0) return fail("connection closed by the next hop");
        buf_.append(chunk, *n);
    }
}

Result<SmtpReply> Conn::command(std::string_view line, Deadline deadline) {
    std::string out(line);
    out += "\r\n";
    if (auto s = scan::send_all(fd_.get(), out, deadline); !s) return fail(s.error().message);
    return read_reply(deadline);
}

bool Conn::stale() const { return !buf_.empty() || scan::has_input(fd_.get()); }

Result<Conn> Pool::open(Deadline deadline) {
    auto fd = scan::connect_to(ep_, deadline);
    if (!fd) return fail(fd.error().message);
    ++opened_;
    Conn c(std::move(*fd));
    auto greeting = c.read_reply(deadline);
    if (!greeting) return fail("greeting: " + greeting.error().message);
    if (greeting->code != 220) return fail("greeting: " + std::to_string(greeting->code) + " " + greeting->text);
    auto ehlo = c.command("EHLO " + helo_, deadline);
    if (ehlo && ehlo->code != 250) ehlo = c.command("HELO " + helo_, deadline);
    if (!ehlo) return fail("EHLO: " + ehlo.error().message);
    if (ehlo->code != 250) return fail("HELO: " + std::to_string(ehlo->code) + " " + ehlo->text);
    return c;
}

Result<Conn> Pool::acquire(Deadline deadline) {
    std::unique_lock lock(mu_);
    while (true) {
        while (!idle_.empty()) {
            Conn c = std::move(idle_.back());
            idle_.pop_back();
            if (!c.stale()) return c;
            --open_;  // closed by the next hop while idle
        }
        if (open_ < size_) break;
        if (cv_.wait_until(lock, deadline) == std::cv_status::timeout)
            return fail("all " + std::to_string(size_) + " connections to " + ep_.text + " busy");
    }
    ++open_;
    lock.unlock();
    auto c = open(deadline);
    if (!c) forget();
    return c;
}

void Pool::release(Conn c, bool reusable) {
    if (!reusable) return forget();
    std::lock_guard lock(mu_);
    idle_.push_back(std::move(c));
    cv_.notify_one();
}

void Pool::forget() {
    std::lock_guard lock(mu_);
    --open_;
    cv_.notify_one();
}

}  // namespace mp::callahead
