// options.hpp: configuration of protected recipients (sendmail X README 3.10.2),
// one option table per section with each row bound to its member.
//   protected_recipients { allow_by = { sender, client_ip };
//                          match_type = exact | generic_lookup | implicitly_match_detail;
//                          reply = "550 5.7.1 Not authorized to send to this recipient"; }
//   aliases { file = "/etc/mail/milterpack/aliases"; }
// The section being present turns the feature on; allow_by must name at least
// one flag (the README requires allow_by_sender or allow_by_client_ip).
#pragma once
#include <string>

#include "access/rhs.hpp"
#include "config/config.hpp"
#include "config/table.hpp"

namespace mp::protrcpt {

enum class MatchType { Exact, GenericLookup, ImplicitDetail };

struct Options {
    bool allow_by_sender = false;     // from: and list: restrictions
    bool allow_by_client_ip = false;  // cltaddr: restrictions
    MatchType match = MatchType::Exact;
    verdict::Reply reply{"550", "5.7.1", "Not authorized to send to this recipient"};
};

struct AliasesOptions {
    std::string file;
};

const config::Table<Options>& table();                 // protected_recipients
const config::Table<AliasesOptions>& aliases_table();  // aliases

Result<Options, config::Diagnostic> options_from(const config::Section& protected_recipients);
Result<AliasesOptions, config::Diagnostic> aliases_from(const config::Section& aliases);

}  // namespace mp::protrcpt
