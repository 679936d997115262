// schema.cpp: see schema.hpp.
#include "access/schema.hpp"

namespace mp::access {

const config::SectionSpec& access_map_schema() {
    static const config::SectionSpec s{
        .name = "access_map",
        .doc = "access map of sendmail X README 3.9.3: tags cltaddr cltname cltresolve from to mxbadip certissuer "
               "certsubject protectedrcpt; reloaded on SIGUSR1 and when the file changes",
        .options = {
            {.name = "file", .type = config::Type::String, .doc = "path of the access map text file",
             .required = true},
            {.name = "address_delimiter", .type = config::Type::String, .def = "\"+\"",
             .doc = "one character separating user and detail in user+detail@domain (lookup order 3.12.1)"},
            {.name = "implicitly_match_detail", .type = config::Type::Bool, .def = "off",
             .doc = "let user@domain entries also match user+detail@domain (case 1e of 3.12.1)"},
        }};
    return s;
}

const config::SectionSpec& policy_schema() {
    static const config::SectionSpec s{
        .name = "policy",
        .doc = "SMTP-time policy flags (sendmail X README 3.10, smtps flags)",
        .options = {
            {.name = "flags", .type = config::Type::Flags, .def = "{}",
             .choices = {"delay_checks", "soft_bounce"},
             .doc = "delay_checks: return connect and MAIL rejections at RCPT, where to: quick:ok "
                    "overrides them; soft_bounce: turn every 5yz rejection into 4yz"},
        }};
    return s;
}

Result<Options> options_from(const config::Section& sec) {
    Options o;
    o.file = sec.str("file");
    std::string delim = sec.str("address_delimiter");
    if (delim.size() != 1 || delim[0] == '@' || delim[0] == '*' || delim[0] == ' ')
        return fail(sec.where("address_delimiter").str() +
                    ": address_delimiter must be one character other than '@', '*' and space");
    o.delimiter = delim[0];
    o.implicit_detail = sec.boolean("implicitly_match_detail");
    return o;
}

Flags flags_from(const config::Section& sec) {
    return {.delay_checks = sec.flag("flags", "delay_checks"), .soft_bounce = sec.flag("flags", "soft_bounce")};
}

}  // namespace mp::access
