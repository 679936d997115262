// auth.cpp: see auth.hpp.
#include "policy/auth.hpp"

#include <unistd.h>

#include <ctime>
#include <random>

#include "dkim/address.hpp"
#include "dkimverify/options.hpp"
#include "dns/options.hpp"
#include "greylist/options.hpp"
#include "policy/facts.hpp"
#include "util/log.hpp"
#include "util/strings.hpp"

namespace mp::policy {

using verdict::HeaderEdit;
using verdict::Verdict;

std::string host_name() {
    char buf[256] = {};
    if (gethostname(buf, sizeof buf - 1) != 0 || !buf[0]) return "localhost";
    return buf;
}

namespace {

template <class S>
bool read_into(const config::Section& root, const config::Table<S>& t, std::optional<S>& out, config::Diagnostics& d) {
    const auto* sec = root.section(t.spec().name);
    if (!sec) return false;
    S o{};
    if (auto r = t.read(*sec, o); !r) return d.add(r.error()), false;
    out = std::move(o);
    return true;
}

void build_resolver(const config::Section& root, AuthParts& p, config::Diagnostics& d) {
    std::optional<dns::Options> o;
    if (!read_into(root, dns::table(), o, d)) o = dns::Options{};
    auto r = dns::Resolver::create(*o);
    if (!r) return d.errors.push_back(r.error().message);
    p.resolver = std::move(*r);
}

// greylisting { skip_spf_pass_from }: its file loaded now (errors at
// file:line:column), refreshed with the maps (Engine::refresh_maps).
void build_pass_list(const config::Section& root, AuthParts& p, config::Diagnostics& d) {
    const auto* g = root.section(greylist::table().spec().name);
    if (!g || !g->has("skip_spf_pass_from")) return;
    greylist::Options o;
    if (!greylist::table().read(*g, o)) return;  // reported by the greylisting build
    if (!p.spf || !p.spf->mail)
        return d.add({g->where("skip_spf_pass_from"), "skip_spf_pass_from needs an spf section with mail = yes"});
    auto path = spf::passlist_path(o.skip_spf_pass_from);
    if (!path) return d.add({g->where("skip_spf_pass_from"), path.error().message});
    p.spf_pass_from = std::make_unique<maps::Source<spf::PassList>>(*path, &spf::PassList::load);
    if (auto r = p.spf_pass_from->reload(); !r) {
        d.errors.insert(d.errors.end(), r.error().errors.begin(), r.error().errors.end());
        if (r.error().dropped) d.errors.push_back(*path + ": ... and " + std::to_string(r.error().dropped) + " more errors");
    }
}

}  // namespace

void build_auth(const config::Section& root, AuthParts& p, config::Diagnostics& d) {
    if (read_into(root, authres::table(), p.authres, d) && p.authres->authserv_id.empty())
        p.authres->authserv_id = host_name();
    bool spf = read_into(root, spf::table(), p.spf, d);
    bool dkim = read_into(root, dkimverify::table(), p.dkim, d);
    bool dmarc = read_into(root, dmarc::table(), p.dmarc, d);
    bool lists = root.section("dnsbl") || root.section("dnswl");  // common/dnsbl asks through it too
    if (spf || dkim || dmarc || lists) build_resolver(root, p, d);
    build_pass_list(root, p, d);
    if (!spf) return;
    if (p.spf->receiver.empty()) p.spf->receiver = host_name();
    if (p.resolver) p.spf_checker = std::make_unique<spf::Checker>(p.resolver, p.spf->receiver, p.spf->timeout,
                                                                   p.spf->cache_limits());
}

Verdict auth_mail(const AuthParts& p, AuthState& st, const ClientFacts& client, const MailFacts& mail) {
    if (!p.spf_checker || !p.spf->mail) return {};
    if (auto why = spf::skip_reason(*p.spf, client.addr, !mail.auth_authen.empty())) {
        util::log_debug(mail.qid, "spf: not checked: " + *why);
        return {};
    }
    spf::Query q{client.addr, client.helo, mail.sender};
    if (p.spf->helo && !mail.sender.empty() && !client.helo.empty()) {
        spf::Outcome h = p.spf_checker->helo(q);
        if (h.result == spf::Status::Fail) {
            st.spf = h;
            return spf::decide(*p.spf, h);
        }
    }
    st.spf = p.spf_checker->mail_from(q);
    return spf::decide(*p.spf, *st.spf);
}

void auth_header(const AuthParts& p, AuthState& st, std::string_view name, std::string_view value) {
    if (p.dkim && p.resolver && !st.dkim) st.dkim = std::make_unique<dkimverify::Job>(p.resolver, *p.dkim);
    if (st.dkim) st.dkim->header(name, value);
    if (p.dmarc && util::iequals(name, "From")) {
        std::string a = dkim::author_address(value);
        st.from_domains.push_back(a.find('@') == std::string::npos ? "" : util::lower(a.substr(a.rfind('@') + 1)));
    }
    if (!p.authres || !util::iequals(name, "Authentication-Results")) return;
    ++st.authres_seen;
    if (authres::claims(value, p.authres->authserv_id)) st.forged_authres.push_back(st.authres_seen);
}

void auth_body(AuthState& st, std::string_view chunk) {
    if (st.dkim) st.dkim->body(chunk);
}

namespace {

void add_reason(Verdict& v, const std::string& r) { v.reason += (v.reason.empty() ? "" : "; ") + r; }

// One dkim= result per signature ("dkim=none" for an unsigned message); the
// domains of those that passed.
std::vector<std::string> dkim_results(AuthState& st, std::vector<std::string>& results, Verdict& v) {
    std::vector<std::string> passing;
    if (!st.dkim) return passing;
    if (!st.dkim->signed_message()) {
        results.push_back("dkim=none");
        return passing;
    }
    for (const auto& r : st.dkim->finish(static_cast<int64_t>(std::time(nullptr)))) {
        results.push_back(r.authres());
        add_reason(v, r.authres());
        if (r.status == dkimverify::Status::Pass) passing.push_back(r.domain);
    }
    return passing;
}

int pct_sample() {
    thread_local std::mt19937 gen{std::random_device{}()};
    return std::uniform_int_distribution<int>(0, 99)(gen);
}

// DMARC on what SPF and DKIM found; its verdict replaces a Continue.
void dmarc_result(const AuthParts& p, const AuthState& st, std::vector<std::string> passing,
                  std::vector<std::string>& results, Verdict& v) {
    if (!p.dmarc || !p.resolver) return;
    dmarc::Identifiers ids;
    if (st.from_domains.size() == 1) ids.from_domain = st.from_domains[0];
    if (st.spf) ids.spf_pass = st.spf->result == spf::Status::Pass, ids.spf_domain = st.spf->domain;
    ids.dkim_passing = std::move(passing);
    dmarc::Outcome out = dmarc::check(*p.resolver, ids, pct_sample(), p.dmarc->timeout);
    results.push_back(out.authres());
    Verdict d = dmarc::decide(*p.dmarc, out);
    add_reason(v, d.reason);
    if (!d.decided() || (d.action == verdict::Action::Quarantine && v.decided())) return;
    v.action = d.action;
    v.reply = d.reply;
    v.quarantine_reason = d.quarantine_reason;
}

}  // namespace

void auth_eom(const AuthParts& p, AuthState& st, Verdict& v) {
    // From the last occurrence up, so the 1-based indexes stay valid.
    for (auto it = st.forged_authres.rbegin(); it != st.forged_authres.rend(); ++it)
        v.headers.push_back({HeaderEdit::Op::Delete, "Authentication-Results", "", *it});
    std::vector<std::string> results;
    if (st.spf) results.push_back(st.spf->authres());
    dmarc_result(p, st, dkim_results(st, results, v), results, v);
    if (p.authres)
        v.headers.push_back({HeaderEdit::Op::Insert, "Authentication-Results",
                             authres::header_value(p.authres->authserv_id, results), 0});
    if (st.spf && p.spf && p.spf->received_spf && !st.spf->received_spf.empty())
        v.headers.push_back({HeaderEdit::Op::Insert, "Received-SPF", st.spf->received_spf, 0});
}

std::optional<std::string> spf_pass_skip(const AuthParts& p, const AuthState& st) {
    if (!p.spf_pass_from || !st.spf) return std::nullopt;
    const spf::Outcome& o = *st.spf;
    if (o.result != spf::Status::Pass || o.identity != spf::Identity::MailFrom) return std::nullopt;
    auto list = p.spf_pass_from->get();
    auto listed = list ? list->covering(o.domain) : std::nullopt;
    if (!listed) return std::nullopt;
    return "spf pass for " + o.domain + ", listed as " + *listed + " in " + p.spf_pass_from->path();
}

}  // namespace mp::policy
