// options.cpp: the scanner section's option table and its reader. See options.hpp.
#include "scan/options.hpp"

#include <cctype>

#include "scan/endpoint.hpp"
#include "util/strings.hpp"

namespace mp::scan {

using config::Type;

const config::SectionSpec& schema() {
    static const config::SectionSpec s{
        .name = "scanner",
        .doc = "content scanner run at end-of-data, in file order (clamd INSTREAM or amavisd AM.PDP)",
        .options = {
            {.name = "type", .type = Type::Enum, .choices = {"clamd", "amavisd"},
             .doc = "scanner protocol: clamd (INSTREAM, streamed while the message arrives) or amavisd (AM.PDP)",
             .required = true},
            {.name = "socket", .type = Type::String,
             .doc = "scanner socket: unix:/path, inet:PORT@ADDR or inet6:PORT@ADDR (numeric address)",
             .required = true},
            {.name = "on_infected", .type = Type::Enum, .def = "reject",
             .choices = {"reject", "tempfail", "discard", "quarantine", "accept"},
             .doc = "clamd: action when a virus is found (amavisd decides itself)"},
            {.name = "reply", .type = Type::String, .def = "\"550 5.7.1 Virus found: %v\"",
             .doc = "clamd: reply for on_infected reject|tempfail (4xx for tempfail); %v = virus name, %% = %"},
            {.name = "on_fail", .type = Type::Enum, .def = "tempfail",
             .choices = {"tempfail", "accept", "reject"},
             .doc = "action when the scanner fails, times out or answers garbage (never taken as clean)"},
            {.name = "on_fail_authenticated", .type = Type::Enum,
             .choices = {"tempfail", "accept", "reject"},
             .doc = "on_fail for SMTP-authenticated senders; unset = on_fail"},
            {.name = "max_size", .type = Type::Size, .def = "25MB", .min = 1024,
             .max = int64_t{4} << 30,
             .doc = "larger messages are not scanned (on_oversize); clamd: keep <= its StreamMaxLength"},
            {.name = "on_oversize", .type = Type::Enum, .def = "accept",
             .choices = {"accept", "tempfail", "reject"},
             .doc = "action for a message over max_size; accepted ones are logged, never labelled clean"},
            {.name = "timeout", .type = Type::Time, .def = "60s", .min = 1, .max = 3600,
             .doc = "deadline for this scanner's end-of-data work; all scanners together must stay below "
                    "INPUT_MAIL_FILTER T=E (default 5m): milterpack-milter sends progress every second meanwhile"},
            {.name = "stream_timeout", .type = Type::Time, .def = "5s", .min = 1, .max = 300,
             .doc = "clamd: deadline for each connect/write while the message arrives; below T=R (default 10s)"},
            {.name = "chunk_size", .type = Type::Size, .def = "64KB", .min = 1024,
             .max = int64_t{16} << 20,
             .doc = "bytes buffered per scan before they are sent (clamd) or written (amavisd spool)"},
            {.name = "add_headers", .type = Type::Bool, .def = "off",
             .doc = "add X-Virus-Scanned and X-Virus-Status to delivered messages"},
            {.name = "spool_dir", .type = Type::String,
             .doc = "amavisd: base for per-message AM.PDP tempdirs; under amavisd's $TEMPBASE, "
                    "writable by milterpack, and what it creates must be readable and writable by amavis"},
            {.name = "policy_bank", .type = Type::String,
             .doc = "amavisd: policy bank name(s) sent with each request (comma-separated)"},
        },
        .labelled = true,
        .repeatable = true,
    };
    return s;
}

namespace {

template <class E>
E choose(std::string_view word, std::initializer_list<std::pair<std::string_view, E>> table) {
    for (const auto& [w, e] : table)
        if (w == word) return e;
    return table.begin()->second;  // the schema has already restricted the word
}

OnFail fail_action(std::string_view w) {
    return choose<OnFail>(w, {{"tempfail", OnFail::Tempfail}, {"accept", OnFail::Accept},
                              {"reject", OnFail::Reject}});
}

Result<void> check_reply_class(const Options& o) {
    char want = o.on_infected == OnInfected::Tempfail ? '4' : '5';
    bool used = o.on_infected == OnInfected::Reject || o.on_infected == OnInfected::Tempfail;
    if (!used || o.infected_reply.rcode[0] == want) return {};
    return fail(std::string("reply code must be ") + want + "xx for on_infected " +
                (want == '4' ? "tempfail" : "reject"));
}

Result<void> read_actions(const config::Section& s, Options& o) {
    o.on_infected = choose<OnInfected>(s.word("on_infected"),
                                       {{"reject", OnInfected::Reject}, {"tempfail", OnInfected::Tempfail},
                                        {"discard", OnInfected::Discard},
                                        {"quarantine", OnInfected::Quarantine},
                                        {"accept", OnInfected::Accept}});
    o.on_fail = fail_action(s.word("on_fail"));
    if (s.is_set("on_fail_authenticated")) o.on_fail_authenticated = fail_action(s.word("on_fail_authenticated"));
    o.on_oversize = choose<OnOversize>(s.word("on_oversize"), {{"accept", OnOversize::Accept},
                                                               {"tempfail", OnOversize::Tempfail},
                                                               {"reject", OnOversize::Reject}});
    auto reply = parse_reply(s.str("reply"));
    if (!reply) return fail(s.where("reply").str() + ": " + reply.error().message);
    o.infected_reply = std::move(*reply);
    if (auto r = check_reply_class(o); !r) return fail(s.where("reply").str() + ": " + r.error().message);
    return {};
}

}  // namespace

Result<Options> options_from(const config::Section& s) {
    Options o;
    o.label = std::string(s.label());
    o.type = s.word("type") == "amavisd" ? Kind::Amavisd : Kind::Clamd;
    o.socket = s.str("socket");
    if (auto ep = Endpoint::parse(o.socket); !ep)
        return fail(s.where("socket").str() + ": " + ep.error().message);
    if (auto r = read_actions(s, o); !r) return fail(r.error().message);
    o.max_size = s.size("max_size");
    o.timeout = s.time("timeout");
    o.stream_timeout = s.time("stream_timeout");
    o.chunk_size = s.size("chunk_size");
    o.add_headers = s.boolean("add_headers");
    o.spool_dir = s.str("spool_dir");
    o.policy_bank = s.str("policy_bank");
    if (o.type == Kind::Amavisd && o.spool_dir.empty())
        return fail(s.where().str() + ": scanner type amavisd needs spool_dir (under amavisd's $TEMPBASE)");
    if (o.type == Kind::Amavisd && o.spool_dir[0] != '/')
        return fail(s.where("spool_dir").str() + ": spool_dir must be an absolute path");
    return o;
}

namespace {

bool is_rcode(std::string_view w) {
    return w.size() == 3 && (w[0] == '4' || w[0] == '5') && std::isdigit((unsigned char)w[1]) &&
           std::isdigit((unsigned char)w[2]);
}

// "5.7.1": class digit, then 1-3 digits, then 1-3 digits.
bool is_xcode(std::string_view w) {
    if (w.size() < 5 || (w[0] != '4' && w[0] != '5') || w[1] != '.') return false;
    size_t dot = w.find('.', 2);
    if (dot == std::string_view::npos || dot == 2 || dot > 5 || dot + 1 == w.size() || w.size() - dot > 4)
        return false;
    for (size_t i = 2; i < w.size(); ++i)
        if (i != dot && !std::isdigit((unsigned char)w[i])) return false;
    return true;
}

}  // namespace

Result<Reply> parse_reply(std::string_view text) {
    text = util::trim(text);
    auto words = util::split_blanks(text);
    if (words.empty() || !is_rcode(words[0])) return fail("reply must start with a 4xx or 5xx code");
    Reply r{std::string(words[0]), "", ""};
    std::string_view rest = util::trim(text.substr(3));
    if (words.size() > 1 && is_xcode(words[1])) {
        if (words[1][0] != words[0][0]) return fail("reply and enhanced status codes differ in class");
        r.xcode = std::string(words[1]);
        rest = util::trim(rest.substr(words[1].size()));
    }
    for (char c : rest)
        if ((unsigned char)c < 0x20 || c == 0x7f) return fail("reply text must not contain control characters");
    r.text = std::string(rest);
    return r;
}

const char* kind_name(Kind k) { return k == Kind::Clamd ? "clamd" : "amavisd"; }

}  // namespace mp::scan
