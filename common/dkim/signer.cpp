// signer.cpp: Signer, the shared immutable part (see signer.hpp): tables,
// keys, the session-level decision and the key choice for an address.
#include "dkim/signer.hpp"

#include <algorithm>

#include "dkim/address.hpp"
#include "util/strings.hpp"

namespace mp::dkim {
namespace {

void add_unique(std::vector<std::string>& v, std::string_view name) {
    std::string lc = util::lower(name);
    if (std::find(v.begin(), v.end(), lc) == v.end()) v.push_back(lc);
}

// i= must be the d= domain or a subdomain of it (RFC 6376 3.5); else omit it.
std::string identity_for(std::string signer, std::string_view from_domain, std::string_view d) {
    for (size_t p; (p = signer.find('%')) != std::string::npos;) signer.replace(p, 1, from_domain);
    std::string dom = domain_of(signer);
    bool inside = dom == d || (dom.size() > d.size() && dom.ends_with(d) && dom[dom.size() - d.size() - 1] == '.');
    return signer.empty() || !inside ? std::string() : signer;
}

}  // namespace

Result<std::shared_ptr<const Signer>> Signer::create(const Options& opts) {
    auto s = std::make_shared<Signer>(opts);
    for (const auto& h : opts.sign_headers.empty() ? default_sign_headers() : opts.sign_headers) add_unique(s->sign_lc_, h);
    add_unique(s->sign_lc_, "from");  // RFC 6376 5.4: From is always signed
    for (const auto& h : opts.oversign_headers) add_unique(s->sign_lc_, h);
    if (auto r = s->load_tables(); !r) return fail(r.error().message);
    if (auto r = s->check_keynames(); !r) return fail(r.error().message);
    if (auto r = s->load_keys(); !r) return fail(r.error().message);
    return std::shared_ptr<const Signer>(std::move(s));
}

// The short form is a one-line table pair: "*@domain default" / "default domain:selector:key".
Result<void> Signer::load_tables() {
    if (opts_.key_table.empty()) {
        KeyEntry k{.name = "default", .domain = util::lower(opts_.domain), .selector = opts_.selector,
                   .key = opts_.key_file, .where = "dkim"};
        if (!k.key_is_path()) k.key = "./" + k.key;  // key_file is always a file
        table_keys_.entries.push_back(std::move(k));
        table_sign_.wildcard = true;
        table_sign_.entries.push_back({.pattern = "*@" + util::lower(opts_.domain), .keyname = "default",
                                       .signer = "", .where = "dkim"});
        return {};
    }
    auto k = load_key_table(opts_.key_table);
    if (!k) return fail(k.error().message);
    auto t = load_signing_table(opts_.signing_table);
    if (!t) return fail(t.error().message);
    table_keys_ = std::move(*k);
    table_sign_ = std::move(*t);
    return {};
}

Result<void> Signer::check_keynames() const {
    std::string errors;
    for (const auto& e : table_sign_.entries)
        if (e.keyname != "%" && !table_keys_.find(e.keyname))
            errors += (errors.empty() ? "" : "\n") + e.where + ": key name '" + e.keyname + "' is not in the KeyTable";
    if (!errors.empty()) return fail(errors);
    return {};
}

Result<void> Signer::load_keys() {
    std::string errors;
    for (const auto& e : table_keys_.entries) {
        auto key = e.key_is_path() ? PrivateKey::load(e.key, opts_.allow_insecure_key_files)
                                   : PrivateKey::parse(e.key, e.where + ": inline key");
        if (!key) {
            errors += (errors.empty() ? "" : "\n") + e.where + ": " + key.error().message;
            continue;
        }
        keys_[util::lower(e.name)] = *key;
    }
    if (!errors.empty()) return fail(errors);
    return {};
}

Decision Signer::should_sign(const SessionFacts& f) const {
    for (const auto& d : opts_.daemons)
        if (!f.daemon_name.empty() && util::iequals(d, f.daemon_name))
            return {true, "daemon " + std::string(f.daemon_name)};
    if (f.client)
        for (const auto& n : opts_.internal_networks)
            if (n.contains(*f.client)) return {true, "client " + f.client->str() + " in " + n.str()};
    if (opts_.sign_authenticated && !f.auth_authen.empty())
        return {true, "authenticated as " + std::string(f.auth_authen)};
    std::string why = "daemon '" + std::string(f.daemon_name) + "' not listed, client " +
                      (f.client ? f.client->str() : std::string("unknown")) + " not internal";
    return {false, why + (opts_.sign_authenticated ? ", not authenticated" : "")};
}

std::unique_ptr<Job> Signer::begin(std::string_view envelope_from) const {
    return std::make_unique<Job>(shared_from_this(), envelope_from);
}

bool Signer::is_signed_header(std::string_view name) const {
    for (const auto& h : sign_lc_)
        if (util::iequals(h, name)) return true;
    return false;
}

std::vector<Signer::Plan> Signer::plans_for(std::string_view address) const {
    std::string from_domain = domain_of(address);
    std::vector<Plan> out;
    std::vector<std::string> used;
    for (const SigningEntry* e : table_sign_.match(address)) {
        std::string keyname = util::lower(e->keyname == "%" ? from_domain : e->keyname);
        auto k = keys_.find(keyname);
        const KeyEntry* ke = table_keys_.find(keyname);
        if (k == keys_.end() || !ke || std::find(used.begin(), used.end(), keyname) != used.end()) continue;
        used.push_back(keyname);
        std::string d = ke->domain == "%" ? from_domain : ke->domain;
        out.push_back({k->second.get(), d, ke->selector, identity_for(e->signer, from_domain, d)});
        if (!opts_.multiple_signatures) break;
    }
    return out;
}

}  // namespace mp::dkim
