// options.cpp: the scanner section's option table, each row bound to its
// member of Options, and the reply parser. See options.hpp.
#include "scan/options.hpp"

#include "util/endpoint.hpp"

namespace mp::scan {

namespace {

using config::Type;

Result<std::string> socket_spec(std::string_view text) {
    if (auto ep = util::Endpoint::parse(text); !ep) return fail(ep.error().message);
    return std::string(text);
}

bool unix_socket(const Options& o) { return o.socket.starts_with("unix:"); }

bool reply_class_is(const Options& o, OnInfected action, char digit) {
    return o.on_infected != action || o.infected_reply.code.starts_with(digit);
}

}  // namespace

const config::Table<Options>& table() {
    using O = Options;
    static const config::Table<O> t{{
        .name = "scanner",
        .doc = "content scanner run at end-of-data, in file order (clamd INSTREAM or FILDES, amavisd AM.PDP)",
        .rows = {
            {.name = "type", .type = Type::Enum,
             .to = config::one_of<&O::type>({{"clamd", Kind::Clamd}, {"amavisd", Kind::Amavisd}}),
             .doc = "scanner protocol: clamd (INSTREAM or FILDES, see transfer) or amavisd (AM.PDP)",
             .required = true},
            {.name = "socket", .type = Type::String, .to = config::parsed<&O::socket>(socket_spec),
             .doc = "scanner socket: unix:/path, inet:PORT@ADDR or inet6:PORT@ADDR (numeric address)",
             .required = true},
            {.name = "transfer", .type = Type::Enum, .def = "instream",
             .to = config::one_of<&O::transfer>({{"instream", Transfer::Instream}, {"fdpass", Transfer::Fdpass}}),
             .doc = "clamd: instream (streamed over the socket while the message arrives) or fdpass (written to an "
                    "unlinked file in spool_dir, whose descriptor clamd gets at end-of-data; unix: sockets only)"},
            {.name = "on_infected", .type = Type::Enum, .def = "reject",
             .to = config::one_of<&O::on_infected>({{"reject", OnInfected::Reject}, {"tempfail", OnInfected::Tempfail},
                                                    {"discard", OnInfected::Discard},
                                                    {"quarantine", OnInfected::Quarantine},
                                                    {"accept", OnInfected::Accept}}),
             .doc = "clamd: action when a virus is found (amavisd decides itself)"},
            {.name = "reply", .type = Type::String, .def = "\"550 5.7.1 Virus found: %v\"",
             .to = config::parsed<&O::infected_reply>([](std::string_view text) { return verdict::parse_reply(text, {}); }),
             .doc = "clamd: reply for on_infected reject|tempfail (4xx for tempfail); %v = virus name, %% = %"},
            {.name = "on_fail", .type = Type::Enum, .def = "tempfail",
             .to = config::one_of<&O::on_fail>({{"tempfail", OnFail::Tempfail}, {"accept", OnFail::Accept},
                                                {"reject", OnFail::Reject}}),
             .doc = "action when the scanner fails, times out or answers garbage (never taken as clean)"},
            {.name = "on_fail_authenticated", .type = Type::Enum,
             .to = config::one_of<&O::on_fail_authenticated>({{"tempfail", OnFail::Tempfail},
                                                              {"accept", OnFail::Accept},
                                                              {"reject", OnFail::Reject}}),
             .doc = "on_fail for SMTP-authenticated senders; unset = on_fail"},
            {.name = "max_size", .type = Type::Size, .def = "25MB", .min = 1024, .max = int64_t{4} << 30,
             .to = config::to<&O::max_size>(),
             .doc = "larger messages are not scanned (on_oversize); clamd: keep <= its StreamMaxLength"},
            {.name = "on_oversize", .type = Type::Enum, .def = "accept",
             .to = config::one_of<&O::on_oversize>({{"accept", OnOversize::Accept},
                                                    {"tempfail", OnOversize::Tempfail},
                                                    {"reject", OnOversize::Reject}}),
             .doc = "action for a message over max_size; accepted ones are logged, never labelled clean"},
            {.name = "timeout", .type = Type::Time, .def = "60s", .min = 1, .max = 3600, .to = config::to<&O::timeout>(),
             .doc = "deadline for this scanner's end-of-data work; all scanners together must stay below "
                    "INPUT_MAIL_FILTER T=E (default 5m): milterpack-milter sends progress every second meanwhile"},
            {.name = "hold_after_timeout", .type = Type::Time, .def = "10s", .min = 0, .max = 3600,
             .to = config::to<&O::hold_after_timeout>(),
             .doc = "after a scan runs into its timeout, ask this scanner nothing for this long (each message gets "
                    "on_fail at once) so that it can work off the requests whose clients have gone; 0: never pause"},
            {.name = "stream_timeout", .type = Type::Time, .def = "5s", .min = 1, .max = 300,
             .to = config::to<&O::stream_timeout>(),
             .doc = "clamd: deadline for each connect/write while the message arrives; below T=R (default 10s)"},
            {.name = "chunk_size", .type = Type::Size, .def = "64KB", .min = 1024, .max = int64_t{16} << 20,
             .to = config::to<&O::chunk_size>(),
             .doc = "bytes buffered per scan before they are sent (clamd instream) or written (amavisd spool, clamd fdpass file)"},
            {.name = "add_headers", .type = Type::Bool, .def = "off", .to = config::to<&O::add_headers>(),
             .doc = "add X-Virus-Scanned and X-Virus-Status to delivered messages"},
            {.name = "spool_dir", .type = Type::String, .to = config::to<&O::spool_dir>(),
             .doc = "amavisd: base for per-message AM.PDP tempdirs; under amavisd's $TEMPBASE, "
                    "writable by milterpack, and what it creates must be readable and writable by amavis. "
                    "clamd fdpass: where the unlinked message files go (one per message being received); "
                    "a directory of the milter user, not writable by others"},
            {.name = "policy_bank", .type = Type::String, .to = config::to<&O::policy_bank>(),
             .doc = "amavisd: policy bank name(s) sent with each request (comma-separated)"},
        },
        .rules = {
            {.options = {"on_infected", "reply"}, .message = "reply code must be 5yz for on_infected reject",
             .holds = [](const O& o) { return reply_class_is(o, OnInfected::Reject, '5'); }},
            {.options = {"on_infected", "reply"}, .message = "reply code must be 4yz for on_infected tempfail",
             .holds = [](const O& o) { return reply_class_is(o, OnInfected::Tempfail, '4'); }},
            {.options = {"type", "spool_dir"},
             .message = "scanner type amavisd needs spool_dir (under amavisd's $TEMPBASE)",
             .holds = [](const O& o) { return o.type != Kind::Amavisd || !o.spool_dir.empty(); }},
            {.options = {"type", "transfer"}, .message = "transfer applies to scanner type clamd only",
             .holds = [](const O& o) { return o.type == Kind::Clamd || o.transfer == Transfer::Instream; }},
            {.options = {"socket", "transfer"},
             .message = "transfer fdpass needs a unix: socket (clamd on the same host); use instream for inet:",
             .holds = [](const O& o) { return o.transfer != Transfer::Fdpass || unix_socket(o); }},
            {.options = {"transfer", "spool_dir"}, .message = "transfer fdpass needs spool_dir (for the message files)",
             .holds = [](const O& o) { return o.transfer != Transfer::Fdpass || !o.spool_dir.empty(); }},
            {.options = {"spool_dir"}, .message = "spool_dir must be an absolute path",
             .holds = [](const O& o) { return !uses_spool(o) || o.spool_dir.starts_with('/'); }},
        },
        .label = &O::label,
        .repeatable = true,
    }};
    return t;
}

Result<Options, config::Diagnostic> options_from(const config::Section& s) { return config::read(s, table()); }

const char* kind_name(Kind k) { return k == Kind::Clamd ? "clamd" : "amavisd"; }

}  // namespace mp::scan
