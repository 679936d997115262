// test_config_spec.hpp: the fixed specs the config tests (unit and golden)
// parse against. test_spec() is shaped like milterpack's own sections
// (every type, bounds, a labelled repeatable section, nesting, required
// options); smx_spec() is a permissive description of the sendmail X README's smx.conf.
#pragma once
#include "config/schema.hpp"

namespace mp::config::testspec {

inline const SectionSpec& redis_spec() {
    static const SectionSpec s{
        .name = "redis",
        .doc = "shared greylist store",
        .options = {
            {.name = "server", .type = Type::String, .doc = "host:port or unix path", .required = true},
            {.name = "database", .type = Type::Int, .def = "0", .min = 0, .max = 15, .doc = "database number"},
            {.name = "timeout", .type = Type::Time, .def = "2s", .min = 1, .max = 60, .doc = "per command"},
        }};
    return s;
}

inline const SectionSpec& greylisting_spec() {
    static const SectionSpec s{
        .name = "greylisting",
        .doc = "greylisting at RCPT",
        .options = {
            {.name = "grey_wait", .type = Type::Time, .def = "5m", .min = 0, .max = 7 * 86400, .doc = "delay before a retry is accepted"},
            {.name = "grey_expire", .type = Type::Time, .def = "1w", .min = 3600, .doc = "forget unretried entries after"},
            {.name = "key", .type = Type::Enum, .def = "client_ip", .choices = {"client_ip", "triplet"}, .doc = "what identifies a delivery attempt"},
            {.name = "on_failure", .type = Type::Enum, .def = "tempfail", .choices = {"tempfail", "accept", "reject"}, .doc = "store failure action"},
        },
        .sections = {&redis_spec()}};
    return s;
}

inline const SectionSpec& scanner_spec() {
    static const SectionSpec s{
        .name = "scanner",
        .doc = "one content scanner",
        .options = {
            {.name = "type", .type = Type::Enum, .choices = {"clamd", "amavisd"}, .doc = "scanner protocol", .required = true},
            {.name = "socket", .type = Type::String, .doc = "where it listens", .required = true},
            {.name = "timeout", .type = Type::Time, .def = "30s", .min = 1, .max = 600, .doc = "whole-scan deadline"},
            {.name = "max_size", .type = Type::Size, .def = "25MB", .min = 1024, .max = int64_t(1) << 30, .doc = "larger messages are not scanned"},
        },
        .labelled = true,
        .repeatable = true};
    return s;
}

inline const SectionSpec& listen_spec() {
    static const SectionSpec s{
        .name = "listen",
        .doc = "one milter socket",
        .options = {{.name = "address", .type = Type::String, .doc = "unix:/path or inet:port@host", .required = true}},
        .repeatable = true};
    return s;
}

inline const SectionSpec& test_spec() {
    static const SectionSpec s{
        .name = "",
        .doc = "test root",
        .options = {
            {.name = "user", .type = Type::String, .def = "\"milterpack\"", .doc = "run as this user"},
            {.name = "log_level", .type = Type::Int, .def = "6", .min = 0, .max = 15, .doc = "syslog verbosity"},
            {.name = "soft_bounce", .type = Type::Bool, .def = "no", .doc = "turn rejects into tempfails"},
            {.name = "max_message_size", .type = Type::Size, .def = "10MB", .min = 1024, .max = int64_t(1) << 30, .doc = "refuse larger messages"},
            {.name = "checks", .type = Type::Flags, .def = "{ spf, grey }", .choices = {"spf", "dkim", "grey", "scan"}, .doc = "enabled checks"},
            {.name = "trusted_networks", .type = Type::StringList, .def = "{ 127.0.0.0/8, \"::1\" }", .doc = "never checked"},
            {.name = "mask", .type = Type::Int, .def = "0xFFFFFF00", .doc = "a C-notation number"},
            {.name = "banner", .type = Type::String, .doc = "text with no default"},
        },
        .sections = {&greylisting_spec(), &scanner_spec(), &listen_spec()}};
    return s;
}

// the sendmail X README's smx.conf sections, as permissive as the example needs.
inline const std::vector<OptionSpec>& smx_common() {
    static const std::vector<OptionSpec> v{
        {.name = "start_action", .type = Type::Enum, .def = "wait", .choices = {"wait", "pass", "hold"}, .doc = "how MCP starts it"},
        {.name = "user", .type = Type::String, .doc = "run as"},
        {.name = "path", .type = Type::String, .doc = "program"},
        {.name = "arguments", .type = Type::String, .doc = "argv"},
        {.name = "restart_dependencies", .type = Type::StringList, .def = "{}", .doc = "restart these too"},
        {.name = "wait_for_server", .type = Type::Time, .def = "0", .doc = "startup wait"},
        {.name = "wait_for_client", .type = Type::Time, .def = "0", .doc = "startup wait"},
        {.name = "Log_Level", .type = Type::Int, .def = "9", .min = 0, .max = 20, .doc = "log level"},
        {.name = "IO_timeout", .type = Type::Time, .def = "5m", .doc = "I/O timeout"},
    };
    return v;
}

inline std::vector<OptionSpec> smx_with(std::vector<OptionSpec> extra) {
    auto v = smx_common();
    v.insert(v.end(), extra.begin(), extra.end());
    return v;
}

inline const SectionSpec& smx_spec() {
    static const SectionSpec q_smtpc{.name = "smtpc", .doc = "client connections", .options = {
        {.name = "initial_connections", .type = Type::Int, .def = "1", .min = 0, .doc = "at start"},
        {.name = "max_connections", .type = Type::Int, .def = "100", .min = 0, .doc = "at most"}}};
    static const SectionSpec q_smtps{.name = "smtps", .doc = "server connections", .options = {
        {.name = "max_connections", .type = Type::Int, .def = "100", .min = 0, .doc = "at most"},
        {.name = "max_connection_rate", .type = Type::Int, .def = "100", .min = 0, .doc = "per minute"}}};
    static const SectionSpec qmgr{.name = "qmgr", .doc = "queue manager", .options = smx_with({
        {.name = "AQ_max_entries", .type = Type::Int, .def = "1000", .min = 1, .doc = "active queue size"},
        {.name = "max_errors_per_DSN", .type = Type::Int, .def = "0", .min = 0, .doc = "errors per DSN"}}),
        .sections = {&q_smtpc, &q_smtps}};
    static const SectionSpec listen{.name = "listen_socket", .doc = "listen", .options = {
        {.name = "type", .type = Type::Enum, .choices = {"inet", "unix"}, .doc = "socket type", .required = true},
        {.name = "port", .type = Type::Int, .def = "25", .min = 0, .max = 65535, .doc = "TCP port"}}};
    static const SectionSpec smtps{.name = "smtps", .doc = "SMTP server", .options = smx_with({
        {.name = "flags", .type = Type::Flags, .def = "{}", .choices = {"8bitmime", "pipelining"}, .doc = "features"},
        {.name = "CDB_gid", .type = Type::Int, .def = "0", .doc = "CDB group"},
        {.name = "pass_fd_socket", .type = Type::String, .doc = "fd passing socket"}}),
        .sections = {&listen}};
    static const SectionSpec smtpc{.name = "smtpc", .doc = "SMTP client", .options = smx_common()};
    static const SectionSpec smar{.name = "smar", .doc = "address resolver", .options = smx_with({
        {.name = "nameserver", .type = Type::StringList, .def = "{}", .doc = "DNS servers"},
        {.name = "DNS_timeout", .type = Type::Time, .def = "5", .doc = "DNS timeout"}})};
    static const SectionSpec root{.name = "", .doc = "smx.conf", .options = {
        {.name = "CDB_base_directory", .type = Type::String, .def = "\"/var/spool/smx/\"", .doc = "CDB directory"}},
        .sections = {&qmgr, &smtps, &smtpc, &smar}};
    return root;
}

}  // namespace mp::config::testspec
