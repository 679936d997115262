// log.hpp: one line per decision, to syslog (facility mail by default) or to
// stderr. Thread-safe. Every line about a message carries its queue id, so the
// operator can grep one message's story out of maillog.
//   mp::util::log_info("4AB12", "rcpt=<a@b> action=reject reason=access to:a@b");
#pragma once
#include <string>
#include <string_view>

namespace mp::util {

enum class LogLevel { Error, Warning, Notice, Info, Debug };

struct LogSetup {
    std::string ident = "milterpack";
    std::string facility = "mail";  // a syslog(3) facility name
    bool to_stderr = false;
    LogLevel level = LogLevel::Info;
};

// Replaces any earlier setup; unknown facility names fall back to mail.
void log_setup(const LogSetup& setup);
void log(LogLevel level, std::string_view qid, std::string_view message);
inline void log_error(std::string_view qid, std::string_view m) { log(LogLevel::Error, qid, m); }
inline void log_warning(std::string_view qid, std::string_view m) { log(LogLevel::Warning, qid, m); }
inline void log_notice(std::string_view qid, std::string_view m) { log(LogLevel::Notice, qid, m); }
inline void log_info(std::string_view qid, std::string_view m) { log(LogLevel::Info, qid, m); }
inline void log_debug(std::string_view qid, std::string_view m) { log(LogLevel::Debug, qid, m); }

}  // namespace mp::util
