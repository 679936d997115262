// tables.hpp: OpenDKIM's KeyTable and SigningTable files, read unchanged.
//
//   KeyTable      keyname   domain:selector:/path/to/key     ("%" domain = the From domain)
//   SigningTable  pattern   keyname [signer]                  ("%" keyname = the From domain)
//
// One entry per line, fields separated by blanks, "#" starts a comment, blank
// lines are ignored (opendkim(8) DATA SETS). The table spec may carry
// OpenDKIM's prefixes: "refile:/path" makes SigningTable keys wildcard
// patterns ("*" matches any run of characters) tried in file order;
// "file:/path" or a bare path uses OpenDKIM's exact lookup order
// (user@host, host, user@.parent..., .parent..., user@*, *).
// Every error is "file:line:column: what was expected"; parsing reports all.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "util/result.hpp"

namespace mp::dkim {

struct KeyEntry {
    std::string name{};
    std::string domain{};    // "%" = the signed mail's From domain
    std::string selector{};
    std::string key{};       // a path (starts with "/", "./" or "../") or inline key data
    std::string where{};     // "file:line:column" of the key field
    bool key_is_path() const;
};

struct KeyTable {
    std::vector<KeyEntry> entries;
    const KeyEntry* find(std::string_view name) const;  // case-insensitive
};

struct SigningEntry {
    std::string pattern{};   // lowercased
    std::string keyname{};
    std::string signer{};    // optional i= value, "%" = the From domain
    std::string where{};     // "file:line:column" of the keyname field
};

class SigningTable {
public:
    bool wildcard = false;
    std::vector<SigningEntry> entries;
    // Entries for `address` (user@domain) in precedence order, best first.
    std::vector<const SigningEntry*> match(std::string_view address) const;

private:
    std::vector<const SigningEntry*> match_exact(std::string_view address) const;
};

Result<KeyTable> parse_key_table(std::string_view text, const std::string& file);
Result<SigningTable> parse_signing_table(std::string_view text, const std::string& file, bool wildcard);
// From a spec as opendkim.conf writes it: "file:/p", "refile:/p" or "/p".
Result<KeyTable> load_key_table(std::string_view spec);
Result<SigningTable> load_signing_table(std::string_view spec);

// Glob match where "*" is the only special character; ASCII case-insensitive.
bool wildcard_match(std::string_view pattern, std::string_view text);

}  // namespace mp::dkim
