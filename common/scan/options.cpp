// options.cpp: the scanner section's option table and its reader. See options.hpp.
#include "scan/options.hpp"

#include "util/endpoint.hpp"

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
    auto reply = verdict::parse_reply(s.str("reply"), infected_reply_rules(o.on_infected));
    if (!reply && !s.is_set("reply"))  // the default reply does not fit on_infected
        return fail(s.where("on_infected").str() + ": reply: " + reply.error().message + " (the default; set reply)");
    if (!reply) return fail(s.where("reply").str() + ": reply: " + reply.error().message);
    o.infected_reply = std::move(*reply);
    return {};
}

}  // namespace

Result<Options> options_from(const config::Section& s) {
    Options o;
    o.label = std::string(s.label());
    o.type = s.word("type") == "amavisd" ? Kind::Amavisd : Kind::Clamd;
    o.socket = s.str("socket");
    if (auto ep = util::Endpoint::parse(o.socket); !ep)
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

verdict::ReplyRules infected_reply_rules(OnInfected on_infected) {
    using C = verdict::ReplyRules::Class;
    C accept = on_infected == OnInfected::Tempfail ? C::Temporary
             : on_infected == OnInfected::Reject   ? C::Permanent
                                                   : C::Either;
    return {.accept = accept};
}

const char* kind_name(Kind k) { return k == Kind::Clamd ? "clamd" : "amavisd"; }

}  // namespace mp::scan
