// resolver.cpp: see resolver.hpp. Threads: start() registers a Pending
// entry and hands the query to libunbound; Lookup::wait() waits on `cv`
// until the entry is done; the dispatcher polls ub_fd() and runs
// ub_process(), which calls on_result() for each finished query. libunbound
// either cancels a query (ub_cancel() succeeds: no callback will come) or
// delivers it (ub_cancel() fails), never both; so a waiter whose time is up
// marks its entry abandoned and erases it itself only when the cancel
// succeeded, otherwise on_result() erases it.
#include "dns/resolver.hpp"

#include <poll.h>
#include <unbound.h>
#include <unistd.h>

#include <condition_variable>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <thread>
#include <tuple>
#include <utility>

#include "dns/cache.hpp"

namespace mp::dns {

namespace {

struct CtxDelete {
    void operator()(ub_ctx* c) const { ub_ctx_delete(c); }
};
using CtxPtr = std::unique_ptr<ub_ctx, CtxDelete>;

int64_t mono_seconds() {
    return std::chrono::duration_cast<std::chrono::seconds>(Clock::now().time_since_epoch()).count();
}

Answer from_unbound(int err, const ub_result* r) {
    if (err) return temp_error(std::string("resolver: ") + ub_strerror(err));
    Answer a;
    a.ttl = r->ttl > 0 ? uint32_t(r->ttl) : 0;
    if (r->rcode == 3) {
        a.status = Status::NxDomain;
    } else if (r->rcode != 0) {
        return temp_error("server answered rcode " + std::to_string(r->rcode) + (r->rcode == 2 ? " (SERVFAIL)" : ""));
    } else if (!r->havedata) {
        a.status = Status::NoData;
    } else {
        a.status = Status::Ok;
        for (int i = 0; r->data[i]; ++i) a.rdata.emplace_back(r->data[i], size_t(r->len[i]));
    }
    return a;
}

Result<CtxPtr> make_context(const Options& o) {
    CtxPtr ctx(ub_ctx_create());
    if (!ctx) return fail("ub_ctx_create failed");
    // Loopback servers are the normal case for a stub (a local cache, a test
    // server); libunbound refuses them unless told.
    if (int e = ub_ctx_set_option(ctx.get(), "do-not-query-localhost:", "no"))
        return fail(std::string("do-not-query-localhost: ") + ub_strerror(e));
    // libunbound answers some names itself (RFC 6761 "test.", reverse zones of
    // private networks). A stub leaves them to the servers it forwards to,
    // which know the site's private zones (and serve the test zones).
    for (auto [opt, val] : {std::pair{"local-zone:", "test. transparent"}, std::pair{"unblock-lan-zones:", "yes"},
                            std::pair{"insecure-lan-zones:", "yes"}})
        if (int e = ub_ctx_set_option(ctx.get(), opt, val)) return fail(std::string(opt) + " " + ub_strerror(e));
    // libunbound keeps its own cache under ours: bound it the same way, so
    // max_ttl and negative_ttl are what they say (0: nothing kept anywhere).
    for (auto [opt, val] : {std::pair{"cache-max-ttl:", o.max_ttl.count()},
                            std::pair{"cache-max-negative-ttl:", o.negative_ttl.count()}})
        if (int e = ub_ctx_set_option(ctx.get(), opt, std::to_string(val).c_str()))
            return fail(std::string(opt) + " " + ub_strerror(e));
    for (const auto& s : o.servers)
        if (int e = ub_ctx_set_fwd(ctx.get(), s.c_str())) return fail("server " + s + ": " + ub_strerror(e));
    if (int e = ub_ctx_async(ctx.get(), 1)) return fail(std::string("ub_ctx_async: ") + ub_strerror(e));
    return ctx;
}

}  // namespace

struct Resolver::Impl {
    struct Pending {
        Impl* impl = nullptr;
        uint64_t id = 0;
        std::string name;
        Type type = Type::A;
        bool done = false;
        bool abandoned = false;
        Answer answer;
    };

    Options opts;
    std::mutex m;
    std::condition_variable cv;
    Cache cache;
    std::map<uint64_t, Pending> pending;  // node addresses are stable: libunbound holds them
    uint64_t serial = 0;
    CtxPtr ctx;
    std::thread dispatcher;
    int wake[2] = {-1, -1};

    explicit Impl(Options o) : opts(std::move(o)), cache(opts.cache_limits()) {}
    ~Impl() { stop(); }

    static void on_result(void* arg, int err, ub_result* r);
    Result<void> start();
    void run();
    void stop();
    Result<std::pair<uint64_t, int>> send(std::string_view name, Type type);
    Answer wait(uint64_t id, int async_id, Deadline until);
    void abandon(uint64_t id, int async_id);
};

// On the dispatcher thread: the answer into the cache, then to its waiter
// (or dropped with its entry when the waiter has gone).
void Resolver::Impl::on_result(void* arg, int err, ub_result* r) {
    auto* p = static_cast<Pending*>(arg);
    Answer a = from_unbound(err, r);
    ub_resolve_free(r);
    Impl* self = p->impl;
    std::lock_guard lock(self->m);
    self->cache.put(p->name, p->type, a, mono_seconds());
    if (p->abandoned) {
        self->pending.erase(p->id);
        return;
    }
    p->answer = std::move(a);
    p->done = true;
    self->cv.notify_all();
}

// Under m: the context and the dispatcher, at the first query.
Result<void> Resolver::Impl::start() {
    if (ctx) return {};
    auto c = make_context(opts);
    if (!c) return fail(c.error().message);
    if (pipe(wake) != 0) return fail("pipe failed");
    ctx = std::move(*c);
    dispatcher = std::thread([this] { run(); });
    return {};
}

void Resolver::Impl::run() {
    for (;;) {
        pollfd fds[2] = {{ub_fd(ctx.get()), POLLIN, 0}, {wake[0], POLLIN, 0}};
        if (poll(fds, 2, -1) < 0) continue;
        if (fds[1].revents) return;
        if (fds[0].revents) ub_process(ctx.get());
    }
}

void Resolver::Impl::stop() {
    if (dispatcher.joinable()) {
        char c = 'q';
        if (write(wake[1], &c, 1) != 1) return;  // cannot wake it: leave it (process exit)
        dispatcher.join();
    }
    ctx.reset();
    for (int& fd : wake)
        if (fd >= 0) close(fd), fd = -1;
}

// The query handed to libunbound: its entry's id and libunbound's.
Result<std::pair<uint64_t, int>> Resolver::Impl::send(std::string_view name, Type type) {
    std::unique_lock lock(m);
    if (auto r = start(); !r) return fail("resolver: " + r.error().message);
    uint64_t id = ++serial;
    Pending& p = pending[id];
    p.impl = this, p.id = id, p.name = std::string(name), p.type = type;
    lock.unlock();
    int async_id = 0;
    if (int e = ub_resolve_async(ctx.get(), p.name.c_str(), int(type), 1, &p, on_result, &async_id)) {
        lock.lock();
        pending.erase(id);
        return fail(std::string("resolver: ") + ub_strerror(e));
    }
    return std::pair{id, async_id};
}

Answer Resolver::Impl::wait(uint64_t id, int async_id, Deadline until) {
    std::unique_lock lock(m);
    Pending& p = pending.at(id);
    if (cv.wait_until(lock, until, [&p] { return p.done; })) {
        Answer a = std::move(p.answer);
        pending.erase(id);
        return a;
    }
    lock.unlock();
    abandon(id, async_id);
    return temp_error("no answer within the deadline");
}

// The waiter gives up: libunbound either cancels the query (no callback
// will come: the entry goes now) or has delivered it or is delivering it
// (on_result erases an abandoned entry; a done one goes now).
void Resolver::Impl::abandon(uint64_t id, int async_id) {
    std::unique_lock lock(m);
    Pending& p = pending.at(id);
    if (p.done) {
        pending.erase(id);
        return;
    }
    p.abandoned = true;
    lock.unlock();
    bool cancelled = ub_cancel(ctx.get(), async_id) == UB_NOERROR;
    lock.lock();
    if (cancelled) pending.erase(id);
}

Result<std::shared_ptr<Resolver>> Resolver::create(const Options& options) {
    Options o = options;
    if (o.servers.empty()) {
        std::ifstream in(o.resolv_conf);
        if (!in) return fail("dns: cannot read " + o.resolv_conf + " (set dns { servers = ...; })");
        std::stringstream text;
        text << in.rdbuf();
        auto servers = resolv_conf_servers(text.str());
        if (!servers) return fail("dns: " + o.resolv_conf + ": " + servers.error().message);
        o.servers = std::move(*servers);
    }
    return std::shared_ptr<Resolver>(new Resolver(std::make_unique<Impl>(std::move(o))));
}

Resolver::Resolver(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Resolver::~Resolver() = default;

const std::vector<std::string>& Resolver::servers() const { return impl_->opts.servers; }

Answer Resolver::query(std::string_view name, Type type, Deadline deadline) {
    return start(name, type, deadline).wait(deadline);
}

Lookup Resolver::start(std::string_view name, Type type, Deadline deadline) {
    {
        std::lock_guard lock(impl_->m);
        if (auto hit = impl_->cache.get(name, type, mono_seconds())) return Lookup(std::move(*hit));
    }
    if (Clock::now() >= deadline) return Lookup(temp_error("deadline passed before the query"));
    auto sent = impl_->send(name, type);
    if (!sent) return Lookup(temp_error(sent.error().message));
    Lookup l;
    l.impl_ = impl_.get();
    std::tie(l.id_, l.async_id_) = *sent;
    l.until_ = std::min(deadline, Clock::now() + impl_->opts.query_timeout);
    return l;
}

Lookup& Lookup::operator=(Lookup&& o) noexcept {
    if (this == &o) return *this;
    cancel();
    impl_ = std::exchange(o.impl_, nullptr);
    id_ = o.id_, async_id_ = o.async_id_, until_ = o.until_;
    answer_ = std::exchange(o.answer_, std::nullopt);
    return *this;
}

Answer Lookup::wait(Deadline deadline) {
    if (answer_) return *std::exchange(answer_, std::nullopt);
    if (!impl_) return temp_error("resolver: no query started");
    return std::exchange(impl_, nullptr)->wait(id_, async_id_, std::min(until_, deadline));
}

void Lookup::cancel() {
    answer_.reset();
    if (impl_) std::exchange(impl_, nullptr)->abandon(id_, async_id_);
}

}  // namespace mp::dns
