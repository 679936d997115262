// options.cpp: see options.hpp.
#include "protrcpt/options.hpp"

namespace mp::protrcpt {

namespace {

using config::Type;

Result<verdict::Reply> reply(std::string_view text) {
    auto r = verdict::parse_reply(text, access::access_reply_rules);
    if (!r) return fail("reply: " + r.error().message);
    return std::move(*r);
}

}  // namespace

const config::Table<Options>& table() {
    using O = Options;
    static const config::Table<O> t{{
        .name = "protected_recipients",
        .doc = "restrict who may send to recipients listed with protectedrcpt: in the access map "
               "(sendmail X README 3.10.2)",
        .rows = {
            {.name = "allow_by", .type = Type::Flags,
             .to = config::flags<O>({{"sender", &O::allow_by_sender}, {"client_ip", &O::allow_by_client_ip}}),
             .doc = "restriction kinds honoured: sender (from: and list:), client_ip (cltaddr:); "
                    "restrictions of a kind not listed never match",
             .required = true},
            {.name = "match_type", .type = Type::Enum, .def = "exact",
             .to = config::one_of<&O::match>({{"exact", MatchType::Exact},
                                              {"generic_lookup", MatchType::GenericLookup},
                                              {"implicitly_match_detail", MatchType::ImplicitDetail}}),
             .doc = "exact: sender and client address must equal the restriction; generic_lookup: "
                    "restrictions are patterns as in the access map (user+*@, @domain, @.domain, nets); "
                    "implicitly_match_detail: generic_lookup, and user@domain also matches user+detail@domain"},
            {.name = "reply", .type = Type::String, .def = "\"550 5.7.1 Not authorized to send to this recipient\"",
             .to = config::parsed<&O::reply>(reply),
             .doc = "reply for a recipient whose restrictions do not match (soft_bounce makes it 4yz)"},
        },
        .rules = {
            {.options = {"allow_by"}, .message = "protected_recipients needs allow_by = { sender } and/or client_ip",
             .holds = [](const O& o) { return o.allow_by_sender || o.allow_by_client_ip; }},
        },
    }};
    return t;
}

const config::Table<AliasesOptions>& aliases_table() {
    using O = AliasesOptions;
    static const config::Table<O> t{{
        .name = "aliases",
        .doc = "aliases file (sendmail X README 3.9.3 format) for list: restrictions of protected recipients",
        .rows = {
            {.name = "file", .type = Type::String, .to = config::to<&O::file>(), .doc = "path of the aliases text file",
             .required = true},
        },
    }};
    return t;
}

Result<Options, config::Diagnostic> options_from(const config::Section& sec) { return config::read(sec, table()); }

Result<AliasesOptions, config::Diagnostic> aliases_from(const config::Section& sec) {
    return config::read(sec, aliases_table());
}

}  // namespace mp::protrcpt
