// daemon_schema.cpp: see daemon_schema.hpp.
#include "policy/daemon_schema.hpp"

namespace mp::policy {

using config::Type;

namespace {

// What differs between the front doors in the rows they share.
struct Door {
    std::string_view socket_def, socket_doc, mode_doc;
};

// The rows both front doors share (MilterOptions and PmilterOptions name
// these members alike), followed by the door's own rows.
template <class O>
std::vector<config::Row<O>> door_rows(const Door& door, std::initializer_list<config::Row<O>> own) {
    std::vector<config::Row<O>> rows{
        {.name = "socket", .type = Type::String, .def = door.socket_def, .to = config::to<&O::socket>(),
         .doc = door.socket_doc},
        {.name = "user", .type = Type::String, .def = "", .to = config::to<&O::user>(),
         .doc = "user to switch to once the socket exists; required when started as root"},
        {.name = "allow_root", .type = Type::Bool, .def = "no", .to = config::to<&O::allow_root>(),
         .doc = "keep running as root when no user is set (not recommended)"},
        {.name = "socket_mode", .type = Type::Int, .def = "0660", .min = 0, .max = 0777,
         .to = config::to<&O::socket_mode>(), .doc = door.mode_doc},
        {.name = "socket_group", .type = Type::String, .def = "", .to = config::to<&O::socket_group>(),
         .doc = "group of a unix socket, e.g. the MTA's run-as group; empty = the user's group"},
    };
    rows.insert(rows.end(), own);
    return rows;
}

}  // namespace

const config::Table<MilterOptions>& milter_table() {
    using O = MilterOptions;
    static const config::Table<O> t{{
        .name = "milter",
        .doc = "the libmilter front door (milterpack-milter)",
        .rows = door_rows<O>({.socket_def = "unix:/run/milterpack/milter.sock",
                              .socket_doc = "where the MTA connects: unix:/path or inet:PORT@HOST "
                                            "(as in INPUT_MAIL_FILTER S=)",
                              .mode_doc = "permissions of a unix socket (the MTA must be able to connect)"},
                             {
            {.name = "timeout", .type = Type::Time, .def = "600s", .min = 1, .max = 86400, .to = config::to<&O::timeout>(),
             .doc = "how long libmilter waits for the MTA before dropping a connection (an idle SMTP "
                    "client holds one; twice RFC 5321's 5-minute server timeout)"},
            {.name = "backlog", .type = Type::Int, .def = "128", .min = 1, .max = 65535, .to = config::to<&O::backlog>(),
             .doc = "listen(2) backlog of the milter socket"},
        }),
    }};
    return t;
}

const config::Table<PmilterOptions>& pmilter_table() {
    using O = PmilterOptions;
    static const config::Table<O> t{{
        .name = "pmilter",
        .doc = "the sendmail X / MeTA1 front door (milterpack-pmilter)",
        .rows = door_rows<O>({.socket_def = "unix:/run/milterpack/pmilter.sock",
                              .socket_doc = "where smtps connects: unix:/path or inet:PORT@HOST "
                                            "(the policy_milter socket of smx.conf)",
                              .mode_doc = "permissions of a unix socket (smtps must be able to connect)"},
                             {
            {.name = "threads_soft", .type = Type::Int, .def = "0", .min = 0, .max = 1024,
             .to = config::to<&O::threads_soft>(), .doc = "worker threads libpmilter keeps; 0 = the library's default"},
            {.name = "threads_hard", .type = Type::Int, .def = "0", .min = 0, .max = 1024,
             .to = config::to<&O::threads_hard>(), .doc = "most worker threads libpmilter starts; 0 = the library's default"},
            {.name = "max_connections", .type = Type::Int, .def = "0", .min = 0, .max = 65535,
             .to = config::to<&O::max_connections>(), .doc = "most smtps connections served at once; 0 = no limit"},
        }),
        .rules = {
            {.options = {"threads_soft", "threads_hard"}, .message = "threads_hard must be 0 or at least threads_soft",
             .holds = [](const O& o) { return o.threads_hard == 0 || o.threads_hard >= o.threads_soft; }},
        },
    }};
    return t;
}

const config::Table<LogOptions>& log_table() {
    using O = LogOptions;
    using L = util::LogLevel;
    static const config::Table<O> t{{
        .name = "log",
        .doc = "where decisions are logged: syslog, one line per decision with the queue id",
        .rows = {
            {.name = "facility", .type = Type::Enum, .def = "mail",
             .to = config::words<&O::facility>({"mail", "daemon", "user", "local0", "local1", "local2", "local3",
                                                "local4", "local5", "local6", "local7"}),
             .doc = "syslog facility"},
            {.name = "ident", .type = Type::String, .def = "", .to = config::to<&O::ident>(),
             .doc = "syslog ident; empty = the program name"},
            {.name = "level", .type = Type::Enum, .def = "info",
             .to = config::one_of<&O::level>({{"error", L::Error}, {"warning", L::Warning}, {"notice", L::Notice},
                                              {"info", L::Info}, {"debug", L::Debug}}),
             .doc = "lowest level written; decisions are logged at info"},
        },
    }};
    return t;
}

}  // namespace mp::policy
