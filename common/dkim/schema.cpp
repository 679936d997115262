// schema.cpp: the `dkim` section's option table, each row bound to its
// member of Options, the rules between the key options (see options.hpp),
// and the default signed header list.
#include "dkim/options.hpp"

namespace mp::dkim {

const std::vector<std::string>& default_sign_headers() {
    static const std::vector<std::string> h{
        "From", "Reply-To", "Subject", "Date", "To", "Cc", "Sender",
        "Resent-Date", "Resent-From", "Resent-To", "Resent-Cc", "Resent-Sender", "Resent-Message-ID",
        "In-Reply-To", "References", "Message-ID",
        "List-Id", "List-Help", "List-Unsubscribe", "List-Unsubscribe-Post", "List-Subscribe",
        "List-Post", "List-Owner", "List-Archive",
        "MIME-Version", "Content-Type", "Content-Transfer-Encoding", "Content-ID", "Content-Description",
        "Content-Disposition", "Content-Language"};
    return h;
}

namespace {

bool tables(const Options& o) { return !o.key_table.empty() || !o.signing_table.empty(); }
bool single(const Options& o) { return !o.domain.empty() || !o.selector.empty() || !o.key_file.empty(); }

}  // namespace

const config::Table<Options>& table() {
    using config::Type;
    using O = Options;
    static const config::Table<O> t{{
        .name = "dkim",
        .doc = "DKIM signing (rsa-sha256, ed25519-sha256) with OpenDKIM's KeyTable/SigningTable",
        .rows = {
            {.name = "key_table", .type = Type::String, .to = config::to<&O::key_table>(),
             .doc = "OpenDKIM KeyTable: \"file:/path\" or \"/path\" (keyname domain:selector:/key/path)"},
            {.name = "signing_table", .type = Type::String, .to = config::to<&O::signing_table>(),
             .doc = "OpenDKIM SigningTable: \"refile:/path\" for * patterns, \"file:/path\" for exact lookups"},
            {.name = "multiple_signatures", .type = Type::Bool, .def = "no", .to = config::to<&O::multiple_signatures>(),
             .doc = "sign with every matching SigningTable entry, not only the first (RSA plus Ed25519)"},
            {.name = "domain", .type = Type::String, .to = config::to<&O::domain>(),
             .doc = "short form: d= of the one key (mail From: this domain)"},
            {.name = "selector", .type = Type::String, .to = config::to<&O::selector>(),
             .doc = "short form: s= of the one key"},
            {.name = "key_file", .type = Type::String, .to = config::to<&O::key_file>(),
             .doc = "short form: the private key file (PEM)"},
            {.name = "allow_insecure_key_files", .type = Type::Bool, .def = "no",
             .to = config::to<&O::allow_insecure_key_files>(),
             .doc = "accept key files that others (or a foreign group) may read or write"},
            {.name = "canonicalization", .type = Type::String, .def = "\"relaxed/relaxed\"",
             .to = config::parsed<&O::canon>(canon_from),
             .doc = "header/body canonicalization: simple or relaxed each (\"relaxed\" alone = relaxed/simple)"},
            {.name = "sign_headers", .type = Type::StringList, .to = config::to<&O::sign_headers>(),
             .doc = "header fields to sign; default RFC 6376 5.4.1 plus MIME fields and Message-ID"},
            {.name = "oversign_headers", .type = Type::StringList, .def = "{ \"From\" }",
             .to = config::to<&O::oversign_headers>(),
             .doc = "fields listed in h= once more than present, so none can be added later"},
            {.name = "body_length_tag", .type = Type::Bool, .def = "no", .to = config::to<&O::body_length_tag>(),
             .doc = "add l= (signed body length)"},
            {.name = "timestamp", .type = Type::Bool, .def = "yes", .to = config::to<&O::timestamp>(),
             .doc = "add t= (signing time)"},
            {.name = "expire", .type = Type::Time, .def = "0", .min = 0, .max = 366LL * 86400,
             .to = config::to<&O::expire>(), .doc = "add x= this long after t=; 0 = signatures do not expire"},
            {.name = "daemons", .type = Type::StringList, .to = config::to<&O::daemons>(),
             .doc = "sign mail received by these sendmail daemons ({daemon_name}, e.g. MTA-TX)"},
            {.name = "internal_networks", .type = Type::StringList, .def = "{ \"127.0.0.0/8\", \"::1\" }",
             .to = config::each<&O::internal_networks>(network_from),
             .doc = "sign mail from clients in these networks (CIDR)"},
            {.name = "sign_authenticated", .type = Type::Bool, .def = "yes", .to = config::to<&O::sign_authenticated>(),
             .doc = "sign mail from SMTP-authenticated clients ({auth_authen})"},
            {.name = "sign_by", .type = Type::Enum, .def = "header_from",
             .to = config::one_of<&O::sign_by>({{"header_from", SignBy::HeaderFrom},
                                                {"envelope_from", SignBy::EnvelopeFrom}}),
             .doc = "address looked up in the SigningTable: the From: header or the envelope sender"},
        },
        .rules = {
            {.options = {"key_table", "signing_table", "domain", "selector", "key_file"},
             .message = "use key_table/signing_table or domain/selector/key_file, not both",
             .holds = [](const O& o) { return !(tables(o) && single(o)); }},
            {.options = {"key_table", "signing_table"}, .message = "key_table and signing_table go together",
             .holds = [](const O& o) { return !tables(o) || (!o.key_table.empty() && !o.signing_table.empty()); }},
            {.options = {},
             .message = "dkim needs key_table and signing_table, or domain, selector and key_file",
             .holds = [](const O& o) { return tables(o) || single(o); }},
            {.options = {"domain", "selector", "key_file"}, .message = "domain, selector and key_file go together",
             .holds = [](const O& o) {
                 return tables(o) || (!o.domain.empty() && !o.selector.empty() && !o.key_file.empty());
             }},
        },
    }};
    return t;
}

}  // namespace mp::dkim
