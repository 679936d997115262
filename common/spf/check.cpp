// check.cpp: see check.hpp. The libspf2 objects of one check are held by
// unique_ptrs with their free functions.
#include "spf/check.hpp"

#include <chrono>
#include <ctime>
#include <memory>

#include "spf/dnslayer.hpp"
#include "spf/explain.hpp"
#include "util/strings.hpp"

namespace mp::spf {

namespace {

struct Free {
    void operator()(SPF_server_t* p) const { SPF_server_free(p); }
    void operator()(SPF_request_t* p) const { SPF_request_free(p); }
    void operator()(SPF_response_t* p) const { SPF_response_free(p); }
};
template <class T>
using Owned = std::unique_ptr<T, Free>;

Status map_result(SPF_result_t r) {
    switch (r) {
    case SPF_RESULT_PASS: return Status::Pass;
    case SPF_RESULT_FAIL: return Status::Fail;
    case SPF_RESULT_SOFTFAIL: return Status::SoftFail;
    case SPF_RESULT_NEUTRAL: return Status::Neutral;
    case SPF_RESULT_NONE: return Status::None;
    case SPF_RESULT_TEMPERROR: return Status::TempError;
    case SPF_RESULT_PERMERROR:
    case SPF_RESULT_INVALID: return Status::PermError;
    }
    return Status::PermError;
}

// Parentheses and control characters would break a header comment.
std::string comment_text(const char* s) {
    std::string out;
    for (const char* p = s ? s : ""; *p; ++p)
        if (*p != '(' && *p != ')' && static_cast<unsigned char>(*p) >= 0x20) out += *p;
    return out;
}

std::string ip_text(std::string_view ip) {
    if (util::istarts_with(ip, "IPv6:")) ip.remove_prefix(5);
    return std::string(ip);
}

bool set_ip(SPF_request_t* req, std::string_view ip) {
    std::string s = ip_text(ip);
    if (s.find(':') == std::string::npos) return SPF_request_set_ipv4_str(req, s.c_str()) == SPF_E_SUCCESS;
    return SPF_request_set_ipv6_str(req, s.c_str()) == SPF_E_SUCCESS;
}

std::string domain_of(const std::string& address) {
    auto at = address.rfind('@');
    return at == std::string::npos ? address : address.substr(at + 1);
}

Outcome with(Outcome o, Status r, std::string detail) {
    o.result = r;
    o.detail = std::move(detail);
    return o;
}

// libspf2's header comment, without the "RECEIVER: " it starts with.
std::string libspf2_note(SPF_response_t* resp, const std::string& receiver) {
    std::string c = comment_text(SPF_response_get_header_comment(resp));
    if (c.starts_with(receiver + ": ")) c.erase(0, receiver.size() + 2);
    return c;
}

// What describe() cannot say by itself: an error's cause, or a pass libspf2
// gave without the sender's record ("localhost is always allowed").
std::string detail_of(SPF_response_t* resp, Status r, const std::string& receiver) {
    std::string note = libspf2_note(resp, receiver);
    if (r == Status::PermError && SPF_response_errcode(resp) != SPF_E_SUCCESS)
        return SPF_strerror(SPF_response_errcode(resp));
    if (r == Status::PermError || r == Status::TempError) return note;
    return note.find("domain of") == std::string::npos ? note : "";
}

int64_t mono_seconds() {
    return std::chrono::duration_cast<std::chrono::seconds>(dns::Clock::now().time_since_epoch()).count();
}

std::string local_of(const std::string& address) {
    auto at = address.rfind('@');
    return at == std::string::npos ? "postmaster" : address.substr(0, at);
}

}  // namespace

Checker::Checker(std::shared_ptr<dns::Resolver> resolver, std::string receiver, std::chrono::seconds timeout,
                 CacheLimits cache)
    : resolver_(std::move(resolver)), receiver_(std::move(receiver)), timeout_(timeout), cache_(cache) {}

Outcome Checker::mail_from(const Query& q) const { return run(q, q.sender.empty() ? Identity::Helo : Identity::MailFrom); }

Outcome Checker::helo(const Query& q) const { return run(q, Identity::Helo); }

Outcome Checker::run(const Query& q, Identity id) const {
    Outcome out;
    out.identity = id;
    out.sender = id == Identity::Helo ? "postmaster@" + q.helo : q.sender;
    out.domain = domain_of(out.sender);
    CacheQuery key{q.ip, id, out.domain, local_of(out.sender), q.helo};
    if (auto hit = lookup(key)) {
        out.result = hit->result;
        out.detail = hit->detail;
        out.explanation = hit->explanation;
        out.cached = true;
    } else {
        Trace trace;
        out = evaluate(std::move(out), q, trace);
        keep(key, trace, out);
    }
    describe(out, receiver_, ip_text(q.ip), q.helo);
    return out;
}

std::optional<Cached> Checker::lookup(const CacheQuery& k) const {
    std::lock_guard lock(cache_mutex_);
    return cache_.get(k, mono_seconds());
}

void Checker::keep(const CacheQuery& k, const Trace& t, const Outcome& out) const {
    std::lock_guard lock(cache_mutex_);
    cache_.put(k, t, {out.result, out.detail, out.explanation}, mono_seconds());
}

// One evaluation by libspf2 over a Layer; `trace` gets what it depended on.
Outcome Checker::evaluate(Outcome out, const Query& q, Trace& trace) const {
    Layer layer(*resolver_, dns::Clock::now() + timeout_);
    Owned<SPF_server_t> server(SPF_server_new_dns(layer.get(), 0));
    if (!server) return with(out, Status::TempError, "libspf2: cannot create a server");
    SPF_server_set_rec_dom(server.get(), receiver_.c_str());
    SPF_response_t* exp_err = nullptr;
    SPF_server_set_explanation(server.get(), default_explanation, &exp_err);
    Owned<SPF_response_t> exp_owner(exp_err);
    Owned<SPF_request_t> req(SPF_request_new(server.get()));
    if (!req || !set_ip(req.get(), q.ip))
        return with(out, Status::PermError, "client address '" + q.ip + "' not usable");
    if (!q.helo.empty()) SPF_request_set_helo_dom(req.get(), q.helo.c_str());
    if (SPF_request_set_env_from(req.get(), out.sender.c_str()) != 0)
        return with(out, Status::None, "no usable identity '" + out.sender + "'");
    SPF_response_t* resp_raw = nullptr;
    SPF_request_query_mailfrom(req.get(), &resp_raw);
    Owned<SPF_response_t> resp(resp_raw);
    if (!resp) return with(out, Status::TempError, "libspf2 gave no response");
    out.result = map_result(SPF_response_result(resp.get()));
    out.detail = detail_of(resp.get(), out.result, receiver_);
    out = amend(std::move(out), layer, q);
    trace = layer.trace();
    // A libspf2 text naming the sender must not answer for another one.
    if (!out.sender.empty() && out.detail.find(out.sender) != std::string::npos) trace.incomplete = true;
    return out;
}

// What libspf2 1.2.10 gets wrong, corrected from what the Layer saw:
// a DNS failure is temperror (RFC 7208 4.4, 5; libspf2 may say permerror),
// more than two void lookups are permerror (RFC 7208 4.6.4; libspf2 predates
// the limit), and a fail's explanation is read and expanded here (explain.hpp).
// Evaluation stops at the first of these, so deciding after the fact is exact.
Outcome Checker::amend(Outcome out, Layer& layer, const Query& q) const {
    if (!layer.dns_error().empty()) {
        out = with(std::move(out), Status::TempError, "DNS: " + layer.dns_error());
    } else if (layer.void_lookups() > 2 && out.result != Status::None) {
        out = with(std::move(out), Status::PermError,
                   "too many void lookups (" + std::to_string(layer.void_lookups()) + ", at most 2)");
    }
    if (out.result != Status::Fail) return out;
    Vars v{out.sender, out.domain, ip_text(q.ip), q.helo, receiver_, static_cast<long long>(std::time(nullptr))};
    out.explanation = explanation(*resolver_, layer.deadline(), v, layer.trace());
    return out;
}

}  // namespace mp::spf
