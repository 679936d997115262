// daemon_schema.hpp: the options of the daemons themselves, each section a
// table bound to a plain struct (config/table.hpp):
//   milter  { ... }  MilterOptions: the libmilter front door (milterpack-milter)
//   pmilter { ... }  PmilterOptions: the sendmail X / MeTA1 front door (milterpack-pmilter)
//   log     { ... }  LogOptions: syslog facility, ident and level
// One configuration file can serve both daemons: each reads its own section
// and ignores the other's. Engine reads all three once (engine.hpp); an
// absent section means its defaults, which equal the structs' initializers
// (tests/unit/test_policy_daemon_schema.cpp).
#pragma once
#include <chrono>
#include <string>

#include "config/table.hpp"
#include "util/log.hpp"

namespace mp::policy {

struct MilterOptions {
    std::string socket = "unix:/run/milterpack/milter.sock";  // unix:/path or inet:PORT@HOST
    std::string user;         // switch to this user once the socket exists
    bool allow_root = false;  // keep running as root when no user is set
    int socket_mode = 0660;   // of a unix socket
    std::string socket_group;  // of a unix socket; "" = the user's group
    std::chrono::seconds timeout{600};  // smfi_settimeout
    int backlog = 128;                   // smfi_setbacklog
    bool operator==(const MilterOptions&) const = default;
};

struct PmilterOptions {
    std::string socket = "unix:/run/milterpack/pmilter.sock";  // where smtps connects
    std::string user;
    bool allow_root = false;
    int socket_mode = 0660;
    std::string socket_group;
    int threads_soft = 0;     // 0 = the library's default
    int threads_hard = 0;     // 0 = the library's default
    int max_connections = 0;  // 0 = no limit of our own
    bool operator==(const PmilterOptions&) const = default;
};

struct LogOptions {
    std::string facility = "mail";
    std::string ident;  // empty: the program name
    util::LogLevel level = util::LogLevel::Info;
    bool operator==(const LogOptions&) const = default;
};

const config::Table<MilterOptions>& milter_table();
const config::Table<PmilterOptions>& pmilter_table();
const config::Table<LogOptions>& log_table();

}  // namespace mp::policy
