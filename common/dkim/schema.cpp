// schema.cpp: the `dkim` section's option table (see options.hpp) and the
// default signed header list.
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

const config::SectionSpec& schema() {
    using config::Type;
    static const config::SectionSpec s{
        .name = "dkim",
        .doc = "DKIM signing (rsa-sha256, ed25519-sha256) with OpenDKIM's KeyTable/SigningTable",
        .options = {
            {.name = "key_table", .type = Type::String,
             .doc = "OpenDKIM KeyTable: \"file:/path\" or \"/path\" (keyname domain:selector:/key/path)"},
            {.name = "signing_table", .type = Type::String,
             .doc = "OpenDKIM SigningTable: \"refile:/path\" for * patterns, \"file:/path\" for exact lookups"},
            {.name = "multiple_signatures", .type = Type::Bool, .def = "no",
             .doc = "sign with every matching SigningTable entry, not only the first (RSA plus Ed25519)"},
            {.name = "domain", .type = Type::String, .doc = "short form: d= of the one key (mail From: this domain)"},
            {.name = "selector", .type = Type::String, .doc = "short form: s= of the one key"},
            {.name = "key_file", .type = Type::String, .doc = "short form: the private key file (PEM)"},
            {.name = "allow_insecure_key_files", .type = Type::Bool, .def = "no",
             .doc = "accept key files that others (or a foreign group) may read or write"},
            {.name = "canonicalization", .type = Type::String, .def = "\"relaxed/relaxed\"",
             .doc = "header/body canonicalization: simple or relaxed each (\"relaxed\" alone = relaxed/simple)"},
            {.name = "sign_headers", .type = Type::StringList,
             .doc = "header fields to sign; default RFC 6376 5.4.1 plus MIME fields and Message-ID"},
            {.name = "oversign_headers", .type = Type::StringList, .def = "{ \"From\" }",
             .doc = "fields listed in h= once more than present, so none can be added later"},
            {.name = "body_length_tag", .type = Type::Bool, .def = "no", .doc = "add l= (signed body length)"},
            {.name = "timestamp", .type = Type::Bool, .def = "yes", .doc = "add t= (signing time)"},
            {.name = "expire", .type = Type::Time, .def = "0", .min = 0, .max = 366LL * 86400,
             .doc = "add x= this long after t=; 0 = signatures do not expire"},
            {.name = "daemons", .type = Type::StringList,
             .doc = "sign mail received by these sendmail daemons ({daemon_name}, e.g. MTA-TX)"},
            {.name = "internal_networks", .type = Type::StringList, .def = "{ \"127.0.0.0/8\", \"::1\" }",
             .doc = "sign mail from clients in these networks (CIDR)"},
            {.name = "sign_authenticated", .type = Type::Bool, .def = "yes",
             .doc = "sign mail from SMTP-authenticated clients ({auth_authen})"},
            {.name = "sign_by", .type = Type::Enum, .def = "header_from",
             .choices = {"header_from", "envelope_from"},
             .doc = "address looked up in the SigningTable: the From: header or the envelope sender"},
        }};
    return s;
}

}  // namespace mp::dkim
