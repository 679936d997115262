// schema.cpp: see schema.hpp.
#include "access/schema.hpp"

namespace mp::access {

namespace {

using config::Type;

Result<char> delimiter(std::string_view text) {
    if (text.size() != 1 || text[0] == '@' || text[0] == '*' || text[0] == ' ')
        return fail("address_delimiter must be one character other than '@', '*' and space");
    return text[0];
}

}  // namespace

const config::Table<Options>& access_map_table() {
    using O = Options;
    static const config::Table<O> t{{
        .name = "access_map",
        .doc = "access map of the sendmail X README 3.9.3: tags cltaddr cltname cltresolve from to mxbadip "
               "certissuer certsubject protectedrcpt; reloaded on SIGUSR1 and when the file changes",
        .rows = {
            {.name = "file", .type = Type::String, .to = config::to<&O::file>(),
             .doc = "path of the access map text file", .required = true},
            {.name = "address_delimiter", .type = Type::String, .def = "\"+\"",
             .to = config::parsed<&O::delimiter>(delimiter),
             .doc = "one character separating user and detail in user+detail@domain (lookup order 3.12.1)"},
            {.name = "implicitly_match_detail", .type = Type::Bool, .def = "off", .to = config::to<&O::implicit_detail>(),
             .doc = "let user@domain entries also match user+detail@domain (case 1e of 3.12.1)"},
            {.name = "regex", .type = Type::String, .to = config::to<&O::regex>(),
             .doc = "regex: map (/pattern/flags RESULT on \"tag:key\") asked when the file has no entry; "
                    "re-read with the file"},
        },
    }};
    return t;
}

const config::Table<Flags>& policy_table() {
    using O = Flags;
    static const config::Table<O> t{{
        .name = "policy",
        .doc = "SMTP-time policy flags (the smtps flags of the sendmail X README)",
        .rows = {
            {.name = "flags", .type = Type::Flags, .def = "{}",
             .to = config::flags<O>({{"delay_checks", &O::delay_checks}, {"soft_bounce", &O::soft_bounce}}),
             .doc = "delay_checks: return connect and MAIL rejections at RCPT, where to: quick:ok "
                    "overrides them; soft_bounce: turn every 5yz rejection into 4yz"},
        },
    }};
    return t;
}

Result<Options, config::Diagnostic> options_from(const config::Section& sec) {
    return config::read(sec, access_map_table());
}

Result<Flags, config::Diagnostic> flags_from(const config::Section& sec) { return config::read(sec, policy_table()); }

}  // namespace mp::access
