// checker.cpp: see checker.hpp.
#include "callahead/checker.hpp"

#include "util/strings.hpp"

namespace mp::callahead {

namespace {

// sendmail's replies start with "<rcpt>... "; the receiving MTA adds its own.
verdict::Reply without_address(verdict::Reply r, std::string_view rcpt) {
    std::string prefix = "<" + std::string(rcpt) + ">... ";
    if (r.text.size() > prefix.size() && util::lower(r.text.substr(0, prefix.size())) == util::lower(prefix))
        r.text.erase(0, prefix.size());
    return r;
}

}  // namespace

Result<std::unique_ptr<Checker>> Checker::create(const Options& o) {
    auto domains = load_domains(o.domains);
    if (!domains) return fail("domains: " + domains.error().message);
    std::shared_ptr<const Mailertable> mt;
    if (o.next_hop == "mailertable") {
        auto m = Mailertable::load(o.mailertable, o.mailertable_port);
        if (!m) return fail("mailertable: " + m.error().message);
        mt = *m;
    } else if (auto ep = util::Endpoint::parse(o.next_hop); !ep) {
        return fail("next_hop: " + ep.error().message);
    }
    return std::unique_ptr<Checker>(new Checker(o, std::move(*domains), std::move(mt)));
}

Checker::Checker(Options o, std::vector<std::string> domains, std::shared_ptr<const Mailertable> mt)
    : opts_(std::move(o)), domains_(std::move(domains)), mailertable_(std::move(mt)) {
    if (mailertable_) hop_addrs_ = mailertable_->hosts();
    else if (auto spec = util::parse_socket(opts_.next_hop)) hop_addrs_.push_back(spec->host);
}

Result<Pool*> Checker::pool_for(std::string_view rcpt) {
    std::string hop = opts_.next_hop;
    if (mailertable_) {
        auto r = mailertable_->route(rcpt.substr(rcpt.rfind('@') + 1));
        if (!r) return static_cast<Pool*>(nullptr);
        hop = *r;
    }
    std::lock_guard lock(mu_);
    auto& p = pools_[hop];
    if (!p) {
        auto ep = util::Endpoint::parse(hop);
        if (!ep) return fail("next hop " + hop + ": " + ep.error().message);
        p = std::make_unique<Pool>(std::move(*ep), opts_.helo, opts_.pool_size);
    }
    return p.get();
}

bool Checker::covers(std::string_view rcpt) const {
    size_t at = rcpt.rfind('@');
    if (at == std::string_view::npos) return false;
    std::string dom = util::lower(rcpt.substr(at + 1));
    for (const auto& d : domains_) {
        if (d == dom) return true;
        if (d.starts_with('.') && dom.size() > d.size() && dom.ends_with(d)) return true;
    }
    return false;
}

bool Checker::skip_session(std::string_view client_addr, std::string_view sender) const {
    if (!sender.empty()) return false;
    for (const auto& a : hop_addrs_)
        if (a == client_addr) return true;
    return false;
}

Result<Answer> Checker::dialogue(Conn& c, std::string_view rcpt, Deadline deadline) {
    auto mail = c.command("MAIL FROM:<>", deadline);
    if (!mail) return fail(mail.error().message);
    if (mail->code != 250) return fail("MAIL FROM:<> answered " + std::to_string(mail->code) + " " + mail->text);
    auto r = c.command("RCPT TO:<" + std::string(rcpt) + ">", deadline);
    if (!r) return fail(r.error().message);
    if (r->code / 100 == 4) return fail("RCPT answered " + std::to_string(r->code) + " " + r->text);
    auto rset = c.command("RSET", deadline);
    if (!rset || rset->code != 250) return fail("RSET failed");
    return Answer{r->code / 100 == 2, without_address(r->reply(), rcpt)};
}

// One dialogue; a pooled connection that fails is replaced once by a new one.
Result<Answer> Checker::ask(Pool& pool, std::string_view rcpt) {
    Deadline deadline = Clock::now() + opts_.timeout;
    uint64_t before = pool.connections_opened();
    auto c = pool.acquire(deadline);
    if (!c) return fail(c.error().message);
    auto a = dialogue(*c, rcpt, deadline);
    pool.release(std::move(*c), a.has_value());
    if (a || pool.connections_opened() != before) return a;
    c = pool.acquire(deadline);
    if (!c) return fail(c.error().message);
    a = dialogue(*c, rcpt, deadline);
    pool.release(std::move(*c), a.has_value());
    return a;
}

Outcome Checker::check(std::string_view rcpt, int64_t now) {
    if (!covers(rcpt)) return {};
    if (auto hit = cache_.get(rcpt, now))
        return {hit->accepted ? Outcome::Kind::Accepted : Outcome::Kind::Refused, hit->reply, true};
    auto pool = pool_for(rcpt);
    if (pool && !*pool) return {};
    auto a = pool ? ask(**pool, rcpt) : Result<Answer>(fail(pool.error().message));
    if (!a) return {Outcome::Kind::Unavailable, {"", "", a.error().message}, false};
    int64_t ttl = (a->accepted ? opts_.positive_ttl : opts_.negative_ttl).count();
    if (ttl > 0) cache_.put(rcpt, *a, now + ttl);
    return {a->accepted ? Outcome::Kind::Accepted : Outcome::Kind::Refused, a->reply, false};
}

}  // namespace mp::callahead
