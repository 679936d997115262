// resolver.cpp: see resolver.hpp. The Impl holds what every query shares:
// the options, the servers' addresses and the cache (behind a mutex, held for
// a cache lookup or insert only, never across a wait).
#include "dns/resolver.hpp"

#include <fstream>
#include <mutex>
#include <sstream>
#include <utility>

#include "dns/cache.hpp"
#include "dns/exchange.hpp"

namespace mp::dns {

namespace {

int64_t mono_seconds() {
    return std::chrono::duration_cast<std::chrono::seconds>(Clock::now().time_since_epoch()).count();
}

}  // namespace

struct Resolver::Impl {
    Options opts;
    std::vector<Server> servers;
    std::mutex m;
    Cache cache;

    Impl(Options o, std::vector<Server> s) : opts(std::move(o)), servers(std::move(s)), cache(opts.cache_limits()) {}
};

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
    std::vector<Server> servers;
    for (const auto& s : o.servers) {
        auto addr = parse_server(s);
        if (!addr) return fail("dns: " + addr.error().message);
        servers.push_back(*addr);
    }
    return std::shared_ptr<Resolver>(new Resolver(std::make_unique<Impl>(std::move(o), std::move(servers))));
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
    auto ex = std::make_unique<Exchange>(impl_->servers, std::string(name), type);
    if (auto sent = ex->start(); !sent) return Lookup(temp_error("resolver: " + sent.error().message));
    Lookup l;
    l.impl_ = impl_.get();
    l.exchange_ = std::move(ex);
    l.until_ = std::min(deadline, Clock::now() + impl_->opts.query_timeout);
    return l;
}

Lookup::Lookup() = default;
Lookup::Lookup(Answer known) : answer_(std::move(known)) {}
Lookup::Lookup(Lookup&& o) noexcept { *this = std::move(o); }
Lookup::~Lookup() = default;

Lookup& Lookup::operator=(Lookup&& o) noexcept {
    if (this == &o) return *this;
    impl_ = std::exchange(o.impl_, nullptr);
    exchange_ = std::move(o.exchange_);
    until_ = o.until_;
    answer_ = std::exchange(o.answer_, std::nullopt);
    return *this;
}

Answer Lookup::wait(Deadline deadline) {
    if (answer_) return *std::exchange(answer_, std::nullopt);
    if (!exchange_) return temp_error("resolver: no query started");
    auto ex = std::move(exchange_);
    Answer a = ex->wait(std::min(until_, deadline));
    if (a.status != Status::TempError) {
        std::lock_guard lock(impl_->m);
        impl_->cache.put(ex->name(), ex->type(), a, mono_seconds());
    }
    return a;
}

void Lookup::cancel() {
    answer_.reset();
    exchange_.reset();
}

}  // namespace mp::dns
