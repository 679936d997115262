// options.hpp: configuration of protected recipients (sendmail X README 3.10.2).
//   protected_recipients { allow_by = { sender, client_ip };
//                          match_type = exact | generic_lookup | implicitly_match_detail;
//                          reply = "550 5.7.1 Not authorized to send to this recipient"; }
//   aliases { file = "/etc/mail/milterpack/aliases"; }
// The section being present turns the feature on; allow_by must name at least
// one flag (the sendmail X README requires allow_by_sender or allow_by_client_ip).
#pragma once
#include <string>

#include "access/rhs.hpp"
#include "config/config.hpp"
#include "config/schema.hpp"

namespace mp::protrcpt {

enum class MatchType { Exact, GenericLookup, ImplicitDetail };

struct Options {
    bool allow_by_sender = false;     // from: and list: restrictions
    bool allow_by_client_ip = false;  // cltaddr: restrictions
    MatchType match = MatchType::Exact;
    verdict::Reply reply{"550", "5.7.1", "Not authorized to send to this recipient"};
};

const config::SectionSpec& schema();          // protected_recipients
const config::SectionSpec& aliases_schema();  // aliases

Result<Options> options_from(const config::Section& protected_recipients);
std::string aliases_file_from(const config::Section& aliases);

}  // namespace mp::protrcpt
