// options.cpp: the rule section's option table, each row bound to its member
// of Options, patterns compiled as they are read. See options.hpp.
#include "rules/options.hpp"

#include "rules/match.hpp"

namespace mp::rules {

namespace {

using config::Type;

Result<Regex> pattern(std::string_view text) {
    if (text.empty()) return fail("empty pattern (leave the option out to match anything)");
    return Regex::compile(text);
}

Result<util::Network> network(std::string_view text) {
    auto n = util::Network::parse(text);
    if (!n) return fail("'" + std::string(text) + "' is not an address or a network (10.0.0.0/8, 2001:db8::/32)");
    return *n;
}

Result<verdict::Reply> reply(std::string_view text) {
    auto r = verdict::parse_reply(text, {});
    if (!r) return fail(r.error().message);
    return *r;
}

Result<std::string> list_label(std::string_view text) {
    if (text.empty()) return fail("empty DNS list label");
    return std::string(text);
}

// header = { "Name", "pattern" };
config::Bind<Options> header_binding() {
    config::Bind<Options> b;
    b.types = {Type::StringList};
    b.write = [](const config::Section& s, std::string_view n, Options& o) -> std::optional<std::string> {
        auto items = s.list(n);
        if (items.size() != 2 || items[0].empty()) return "header takes { \"Name\", \"pattern\" }";
        auto re = pattern(items[1]);
        if (!re) return re.error().message;
        o.header = HeaderMatch{items[0], std::move(*re)};
        return std::nullopt;
    };
    return b;
}

// add_header = "Name: value";
config::Bind<Options> add_header_binding() {
    config::Bind<Options> b;
    b.types = {Type::String};
    b.write = [](const config::Section& s, std::string_view n, Options& o) -> std::optional<std::string> {
        std::string text = s.str(n);
        size_t colon = text.find(':');
        if (colon == 0 || colon == std::string::npos) return "add_header takes \"Name: value\"";
        for (char c : text)
            if (static_cast<unsigned char>(c) < 0x20 && c != '\t') return "add_header must not hold control characters";
        o.add_header_name = text.substr(0, colon);
        for (char c : o.add_header_name)
            if (c == ' ' || c == '\t') return "add_header: the field name must not hold blanks";
        size_t v = text.find_first_not_of(" \t", colon + 1);
        o.add_header_value = v == std::string::npos ? "" : text.substr(v);
        return std::nullopt;
    };
    return b;
}

bool stage_at_least(const Options& o, bool set, Stage s) { return !set || o.stage >= s; }

bool reply_fits(const Options& o) {
    if (!o.reply || o.reply->code.empty()) return true;
    if (o.action == Action::Reject) return o.reply->code[0] == '5';
    if (o.action == Action::Tempfail) return o.reply->code[0] == '4';
    return false;
}

std::vector<config::Rule<Options>> rules() {
    using O = Options;
    std::vector<config::Rule<O>> out{
        {.options = {"stage", "helo"}, .message = "helo needs stage helo or later",
         .holds = [](const O& o) { return stage_at_least(o, o.helo.has_value(), Stage::Helo); }},
        {.options = {"stage", "from"}, .message = "from needs stage mail or later",
         .holds = [](const O& o) { return stage_at_least(o, o.from.has_value(), Stage::Mail); }},
        {.options = {"stage", "rcpt"}, .message = "rcpt needs stage rcpt",
         .holds = [](const O& o) { return !o.rcpt || o.stage == Stage::Rcpt; }},
        {.options = {"stage", "header"}, .message = "header needs stage header",
         .holds = [](const O& o) { return !o.header || o.stage == Stage::Header; }},
        {.options = {"stage", "action"}, .message = "action greylist and skip_greylisting need stage rcpt",
         .holds = [](const O& o) {
             return o.stage == Stage::Rcpt || (o.action != Action::Greylist && o.action != Action::SkipGreylisting);
         }},
        {.options = {"stage", "action"}, .message = "action discard needs stage mail or later (a message to drop)",
         .holds = [](const O& o) { return o.action != Action::Discard || o.stage >= Stage::Mail; }},
        {.options = {"action", "reply"}, .message = "reply needs action reject (5yz), tempfail (4yz) or quarantine (the reason)",
         .holds = reply_fits},
        {.options = {"action", "grey_wait", "white_expire"},
         .message = "grey_wait and white_expire need action greylist",
         .holds = [](const O& o) {
             return o.action == Action::Greylist || (o.grey_wait.count() == 0 && o.white_expire.count() == 0);
         }},
        {.options = {"action", "add_header"}, .message = "action add_header needs add_header = \"Name: value\"",
         .holds = [](const O& o) { return o.action != Action::AddHeader || !o.add_header_name.empty(); }},
    };
    for (auto& r : match_rules()) out.push_back(std::move(r));
    return out;
}

}  // namespace

const config::Table<Options>& table() {
    using O = Options;
    static const config::Table<O> t{{
        .name = "rule",
        .doc = "a policy rule, evaluated in file order at its stage; the first match decides unless its action "
               "is continue (docs/rules.md)",
        .rows = with_match_rows({
            {.name = "stage", .type = Type::Enum,
             .to = config::one_of<&O::stage>({{"connect", Stage::Connect}, {"helo", Stage::Helo},
                                              {"mail", Stage::Mail}, {"rcpt", Stage::Rcpt},
                                              {"data", Stage::Data}, {"header", Stage::Header},
                                              {"eoh", Stage::Eoh}, {"eom", Stage::Eom}}),
             .doc = "the SMTP stage the rule is evaluated at", .required = true},
            {.name = "client", .type = Type::StringList, .to = config::each<&O::client>(network),
             .doc = "client addresses or networks (CIDR); the rule matches any of them"},
            {.name = "client_name", .type = Type::String, .to = config::parsed<&O::client_name>(pattern),
             .doc = "pcre2 pattern on the verified client host name"},
            {.name = "helo", .type = Type::String, .to = config::parsed<&O::helo>(pattern),
             .doc = "pcre2 pattern on the HELO/EHLO argument"},
            {.name = "from", .type = Type::String, .to = config::parsed<&O::from>(pattern),
             .doc = "pcre2 pattern on the envelope sender (no angle brackets; \"\" for <>)"},
            {.name = "rcpt", .type = Type::String, .to = config::parsed<&O::rcpt>(pattern),
             .doc = "pcre2 pattern on the envelope recipient"},
            {.name = "header", .type = Type::StringList, .to = header_binding(),
             .doc = "{ \"Name\", \"pattern\" }: a header field (any occurrence) whose value matches"},
            {.name = "authenticated", .type = Type::Enum, .def = "any",
             .to = config::one_of<&O::authenticated>({{"any", Auth::Any}, {"yes", Auth::Yes}, {"no", Auth::No}}),
             .doc = "SMTP AUTH: yes = authenticated clients only, no = unauthenticated only"},
            {.name = "action", .type = Type::Enum,
             .to = config::one_of<&O::action>({{"accept", Action::Accept}, {"reject", Action::Reject},
                                               {"tempfail", Action::Tempfail}, {"discard", Action::Discard},
                                               {"greylist", Action::Greylist},
                                               {"skip_greylisting", Action::SkipGreylisting},
                                               {"add_header", Action::AddHeader},
                                               {"continue", Action::Continue},
                                               {"quarantine", Action::Quarantine}}),
             .doc = "what a match does", .required = true},
            {.name = "reply", .type = Type::String, .to = reply_binding(reply),
             .doc = "reject/tempfail reply, \"CODE [X.Y.Z] text\"; quarantine: the reason; %t = the matched text"},
            {.name = "grey_wait", .type = Type::Time, .min = 1, .max = 30 * 86400, .to = config::to<&O::grey_wait>(),
             .doc = "greylist: this rule's delay (unset: the greylisting section's)"},
            {.name = "white_expire", .type = Type::Time, .min = 1, .max = 366 * 86400,
             .to = config::to<&O::white_expire>(),
             .doc = "greylist: this rule's whitelist lifetime (unset: the greylisting section's)"},
            {.name = "add_header", .type = Type::String, .to = add_header_binding(),
             .doc = "\"Name: value\" added to the message when the rule matches (%t = the matched text)"},
            {.name = "on_match_error", .type = Type::Enum, .def = "tempfail",
             .to = config::one_of<&O::on_match_error>({{"tempfail", OnMatchError::Tempfail},
                                                       {"accept", OnMatchError::Accept},
                                                       {"continue", OnMatchError::Continue}}),
             .doc = "a pattern hit its match limit: tempfail, accept, or continue with the next rule (logged)"},
            {.name = "dnsbl", .type = Type::StringList, .to = config::each<&O::dnsbl>(list_label),
             .doc = "labels of dnsbl sections: the client is listed on any of them (%t = the TXT or A record)"},
            {.name = "dnswl", .type = Type::StringList, .to = config::each<&O::dnswl>(list_label),
             .doc = "labels of dnswl sections: the client is listed on any of them (%t = the TXT or A record)"},
        }),
        .rules = rules(),
        .label = &O::label,
        .repeatable = true,
    }};
    return t;
}

Result<Options, config::Diagnostic> options_from(const config::Section& s) { return config::read(s, table()); }

const char* stage_name(Stage s) {
    static const char* const names[] = {"connect", "helo", "mail", "rcpt", "data", "header", "eoh", "eom"};
    return names[static_cast<int>(s)];
}

const char* action_name(Action a) {
    static const char* const names[] = {"accept",           "reject",     "tempfail", "discard", "greylist",
                                        "skip_greylisting", "add_header", "continue", "quarantine"};
    return names[static_cast<int>(a)];
}

}  // namespace mp::rules
