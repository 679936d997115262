// daemon_schema.cpp: see daemon_schema.hpp.
#include "policy/daemon_schema.hpp"

namespace mp::policy {

using config::Type;

const config::SectionSpec& milter_schema() {
    static const config::SectionSpec s{
        .name = "milter",
        .doc = "the libmilter front door (milterpack-milter)",
        .options = {
            {.name = "socket", .type = Type::String, .def = "unix:/run/milterpack/milter.sock",
             .doc = "where the MTA connects: unix:/path or inet:PORT@HOST (as in INPUT_MAIL_FILTER S=)"},
            {.name = "user", .type = Type::String, .def = "",
             .doc = "user to switch to once the socket exists; required when started as root"},
            {.name = "allow_root", .type = Type::Bool, .def = "no",
             .doc = "keep running as root when no user is set (not recommended)"},
            {.name = "socket_mode", .type = Type::Int, .def = "0660", .min = 0, .max = 0777,
             .doc = "permissions of a unix socket (the MTA must be able to connect)"},
            {.name = "socket_group", .type = Type::String, .def = "",
             .doc = "group of a unix socket, e.g. the MTA's run-as group; empty = the user's group"},
            {.name = "timeout", .type = Type::Time, .def = "600s", .min = 1, .max = 86400,
             .doc = "how long libmilter waits for the MTA before dropping a connection (an idle SMTP "
                    "client holds one; twice RFC 5321's 5-minute server timeout)"},
            {.name = "backlog", .type = Type::Int, .def = "128", .min = 1, .max = 65535,
             .doc = "listen(2) backlog of the milter socket"},
        }};
    return s;
}

const config::SectionSpec& log_schema() {
    static const config::SectionSpec s{
        .name = "log",
        .doc = "where decisions are logged: syslog, one line per decision with the queue id",
        .options = {
            {.name = "facility", .type = Type::Enum, .def = "mail",
             .choices = {"mail", "daemon", "user", "local0", "local1", "local2", "local3", "local4",
                         "local5", "local6", "local7"},
             .doc = "syslog facility"},
            {.name = "ident", .type = Type::String, .def = "",
             .doc = "syslog ident; empty = the program name"},
            {.name = "level", .type = Type::Enum, .def = "info",
             .choices = {"error", "warning", "notice", "info", "debug"},
             .doc = "lowest level written; decisions are logged at info"},
        }};
    return s;
}

}  // namespace mp::policy
