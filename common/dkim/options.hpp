// options.hpp: what the `dkim { ... }` section says, as a plain struct the
// signer takes (tests and tools fill it directly). table() binds each option
// to its member; options_from() reads a parsed section through it;
// Signer::create() loads the tables and keys it names.
//
//   dkim {
//       key_table = "file:/etc/opendkim/KeyTable";        # OpenDKIM files as they are
//       signing_table = "refile:/etc/opendkim/SigningTable";
//       multiple_signatures = yes;                        # all matching entries sign
//       canonicalization = "relaxed/relaxed";
//       daemons = { "MTA-TX" };
//   }
//   dkim { domain = "example.com"; selector = "s2025"; key_file = "/etc/dkim/s2025.key"; }
#pragma once
#include <chrono>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "config/table.hpp"
#include "dkim/types.hpp"
#include "util/net.hpp"
#include "util/result.hpp"

namespace mp::dkim {

enum class SignBy { HeaderFrom, EnvelopeFrom };

struct Options {
    // Keys: the two OpenDKIM tables, or the short form for one key.
    std::string key_table;      // "file:/p" or "/p"
    std::string signing_table;  // "refile:/p" (wildcards) or "file:/p" / "/p"
    std::string domain, selector, key_file;
    bool multiple_signatures = false;  // OpenDKIM's MultipleSignatures: sign with every match
    bool allow_insecure_key_files = false;

    CanonPair canon{Canon::Relaxed, Canon::Relaxed};
    std::vector<std::string> sign_headers;                 // empty: default_sign_headers()
    std::vector<std::string> oversign_headers{"From"};     // listed once more than present
    bool body_length_tag = false;                          // l=
    bool timestamp = true;                                 // t=
    std::chrono::seconds expire{0};                        // x= = t= + expire; 0: none

    // Which mail is signed: any of these, and a signing table match.
    std::vector<std::string> daemons;                      // {daemon_name} values
    std::vector<util::Network> internal_networks;          // client address in one of these
    bool sign_authenticated = true;                        // {auth_authen} non-empty
    SignBy sign_by = SignBy::HeaderFrom;
};

// RFC 6376 5.4.1's list plus the MIME, Message-ID and RFC 8058 fields.
const std::vector<std::string>& default_sign_headers();

const config::Table<Options>& table();
Result<Options, config::Diagnostic> options_from(const config::Section& s);

// The parsers of the rows a type cannot check (messages without a location).
Result<CanonPair> canon_from(std::string_view text);
Result<util::Network> network_from(std::string_view text);

}  // namespace mp::dkim
