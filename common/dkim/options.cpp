// options.cpp: options_from(), the `dkim` section into Options, with the
// checks the option table cannot express (which key form, canonicalization
// words, network syntax). Errors name the option's file:line:column.
#include "dkim/options.hpp"

namespace mp::dkim {
namespace {

Unexpected<Error> bad(const config::Section& s, std::string_view opt, const std::string& what) {
    return fail(s.where(opt).str() + ": " + what);
}

Result<void> key_form(const config::Section& s, Options& o) {
    o.key_table = s.str("key_table");
    o.signing_table = s.str("signing_table");
    o.domain = s.str("domain");
    o.selector = s.str("selector");
    o.key_file = s.str("key_file");
    bool tables = !o.key_table.empty() || !o.signing_table.empty();
    bool single = !o.domain.empty() || !o.selector.empty() || !o.key_file.empty();
    if (tables && single) return bad(s, "domain", "use key_table/signing_table or domain/selector/key_file, not both");
    if (tables && (o.key_table.empty() || o.signing_table.empty()))
        return bad(s, o.key_table.empty() ? "signing_table" : "key_table", "key_table and signing_table go together");
    if (!tables && (o.domain.empty() || o.selector.empty() || o.key_file.empty())) {
        auto where = s.is_set("domain") ? "domain" : s.is_set("selector") ? "selector" : "key_file";
        if (!single) return fail(s.where().str() + ": dkim needs key_table and signing_table, or domain, selector and key_file");
        return bad(s, where, "domain, selector and key_file go together");
    }
    return {};
}

Result<void> networks(const config::Section& s, Options& o) {
    for (const auto& text : s.list("internal_networks")) {
        auto n = util::Network::parse(text);
        if (!n) return bad(s, "internal_networks", "'" + text + "' is not an address or address/prefix");
        o.internal_networks.push_back(*n);
    }
    return {};
}

}  // namespace

Result<Options> options_from(const config::Section& s) {
    Options o;
    if (auto r = key_form(s, o); !r) return fail(r.error().message);
    if (auto r = networks(s, o); !r) return fail(r.error().message);
    auto canon = parse_canon(s.str("canonicalization"));
    if (!canon) return bad(s, "canonicalization", "expected simple or relaxed, or header/body like relaxed/simple");
    o.canon = *canon;
    o.multiple_signatures = s.boolean("multiple_signatures");
    o.allow_insecure_key_files = s.boolean("allow_insecure_key_files");
    if (s.is_set("sign_headers")) o.sign_headers = s.list("sign_headers");
    o.oversign_headers = s.list("oversign_headers");
    o.body_length_tag = s.boolean("body_length_tag");
    o.timestamp = s.boolean("timestamp");
    o.expire = s.time("expire");
    o.daemons = s.list("daemons");
    o.sign_authenticated = s.boolean("sign_authenticated");
    o.sign_by = s.word("sign_by") == "envelope_from" ? SignBy::EnvelopeFrom : SignBy::HeaderFrom;
    return o;
}

}  // namespace mp::dkim
