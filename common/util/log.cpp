// log.cpp: see log.hpp. syslog(3) is thread-safe in glibc; the stderr path
// takes a mutex so lines from libmilter's worker threads never interleave.
// Control bytes in a message (CR/LF from an envelope address, a multi-line
// error) are written escaped (\r \n \t \xHH): one call, one line.
#include "util/log.hpp"

#include <syslog.h>

#include <cstdio>
#include <ctime>
#include <mutex>
#include <string>

namespace mp::util {

namespace {

std::mutex mu;
LogSetup current;
bool opened = false;

int facility_code(const std::string& name) {
    static const struct { const char* n; int c; } table[] = {
        {"mail", LOG_MAIL},     {"daemon", LOG_DAEMON}, {"user", LOG_USER},
        {"local0", LOG_LOCAL0}, {"local1", LOG_LOCAL1}, {"local2", LOG_LOCAL2},
        {"local3", LOG_LOCAL3}, {"local4", LOG_LOCAL4}, {"local5", LOG_LOCAL5},
        {"local6", LOG_LOCAL6}, {"local7", LOG_LOCAL7}};
    for (auto& f : table)
        if (name == f.n) return f.c;
    return LOG_MAIL;
}

int priority(LogLevel l) {
    switch (l) {
    case LogLevel::Error: return LOG_ERR;
    case LogLevel::Warning: return LOG_WARNING;
    case LogLevel::Notice: return LOG_NOTICE;
    case LogLevel::Info: return LOG_INFO;
    case LogLevel::Debug: return LOG_DEBUG;
    }
    return LOG_INFO;
}

const char* label(LogLevel l) {
    static const char* names[] = {"error", "warning", "notice", "info", "debug"};
    return names[int(l)];
}

std::string escaped(std::string_view m) {
    static const char hex[] = "0123456789abcdef";
    std::string out;
    out.reserve(m.size());
    for (unsigned char c : m) {
        if (c >= 0x20 && c != 0x7f) out += char(c);
        else if (c == '\r') out += "\\r";
        else if (c == '\n') out += "\\n";
        else if (c == '\t') out += "\\t";
        else out += std::string("\\x") + hex[c >> 4] + hex[c & 15];
    }
    return out;
}

}  // namespace

void log_setup(const LogSetup& setup) {
    std::lock_guard lock(mu);
    current = setup;
    if (opened) closelog();
    opened = false;
    if (!current.to_stderr) {
        openlog(current.ident.c_str(), LOG_PID | LOG_NDELAY, facility_code(current.facility));
        opened = true;
    }
}

void log(LogLevel level, std::string_view qid, std::string_view raw) {
    std::lock_guard lock(mu);
    if (level > current.level) return;
    std::string text = escaped(raw);
    std::string_view message = text;
    std::string_view id = qid.empty() ? std::string_view("NOQUEUE") : qid;
    if (!current.to_stderr) {
        syslog(priority(level), "%.*s: %.*s", int(id.size()), id.data(), int(message.size()),
               message.data());
        return;
    }
    std::fprintf(stderr, "%s[%s] %.*s: %.*s\n", current.ident.c_str(), label(level), int(id.size()),
                 id.data(), int(message.size()), message.data());
}

}  // namespace mp::util
