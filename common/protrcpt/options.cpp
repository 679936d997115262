// options.cpp: see options.hpp.
#include "protrcpt/options.hpp"

namespace mp::protrcpt {

const config::SectionSpec& schema() {
    static const config::SectionSpec s{
        .name = "protected_recipients",
        .doc = "restrict who may send to recipients listed with protectedrcpt: in the access map (sendmail X README 3.10.2)",
        .options = {
            {.name = "allow_by", .type = config::Type::Flags, .choices = {"sender", "client_ip"},
             .doc = "restriction kinds honoured: sender (from: and list:), client_ip (cltaddr:); "
                    "restrictions of a kind not listed never match",
             .required = true},
            {.name = "match_type", .type = config::Type::Enum, .def = "exact",
             .choices = {"exact", "generic_lookup", "implicitly_match_detail"},
             .doc = "exact: sender and client address must equal the restriction; generic_lookup: "
                    "restrictions are patterns as in the access map (user+*@, @domain, @.domain, nets); "
                    "implicitly_match_detail: generic_lookup, and user@domain also matches user+detail@domain"},
            {.name = "reply", .type = config::Type::String,
             .def = "\"550 5.7.1 Not authorized to send to this recipient\"",
             .doc = "reply for a recipient whose restrictions do not match (soft_bounce makes it 4yz)"},
        }};
    return s;
}

const config::SectionSpec& aliases_schema() {
    static const config::SectionSpec s{
        .name = "aliases",
        .doc = "aliases file (sendmail X README 3.9.3 format) for list: restrictions of protected recipients",
        .options = {
            {.name = "file", .type = config::Type::String, .doc = "path of the aliases text file", .required = true},
        }};
    return s;
}

Result<Options> options_from(const config::Section& sec) {
    Options o;
    o.allow_by_sender = sec.flag("allow_by", "sender");
    o.allow_by_client_ip = sec.flag("allow_by", "client_ip");
    if (!o.allow_by_sender && !o.allow_by_client_ip)
        return fail(sec.where().str() + ": protected_recipients needs allow_by = { sender } and/or client_ip");
    std::string m = sec.word("match_type");
    o.match = m == "generic_lookup" ? MatchType::GenericLookup
            : m == "implicitly_match_detail" ? MatchType::ImplicitDetail
                                             : MatchType::Exact;
    auto reply = verdict::parse_reply(sec.str("reply"), access::access_reply_rules);
    if (!reply) return fail(sec.where("reply").str() + ": reply: " + reply.error().message);
    o.reply = std::move(*reply);
    return o;
}

std::string aliases_file_from(const config::Section& sec) { return sec.str("file"); }

}  // namespace mp::protrcpt
