// reply.cpp: see reply.hpp.
#include "pmilter/reply.hpp"

#include "sm/smreplycodes.h"

namespace mp::pmilter {

namespace {

const char* const kRejectDefault = "550 5.7.1 Command rejected\r\n";
const char* const kTempDefault = "451 4.3.2 Please try again later\r\n";
const char* const kQuarantine = "451 4.7.1 Message held: please try again later\r\n";

std::string printable(std::string_view text) {
    std::string out(text);
    for (char& c : out)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
    return out;
}

Reply refusal(const Verdict& v, sfsistat_T code, const char* fallback) {
    if (v.reply.code.empty()) return {code, fallback};
    return {code, reply_line(v.reply.code, v.reply.xcode, v.reply.text)};
}

}  // namespace

std::string reply_line(std::string_view rcode, std::string_view xcode, std::string_view text) {
    std::string line(rcode);
    if (!xcode.empty()) line += " " + std::string(xcode);
    if (!text.empty()) line += " " + printable(text);
    return line + "\r\n";
}

Reply reply_for(const Verdict& v) {
    switch (v.action) {
    case Action::Continue: return {SMTP_R_CONT, ""};
    case Action::Accept: return {SMTP_R_ACCEPT, ""};
    case Action::Discard: return {SMTP_R_DISCARD, ""};
    case Action::Quarantine: return {SMTP_R_TEMP, kQuarantine};
    case Action::Tempfail: return refusal(v, SMTP_R_TEMP, kTempDefault);
    case Action::Reject:
        return v.reply.code.starts_with("4") ? refusal(v, SMTP_R_TEMP, kTempDefault)
                                        : refusal(v, SMTP_R_PERM, kRejectDefault);
    }
    return internal_error();
}

Reply internal_error() { return {SMTP_R_TEMP, kTempDefault}; }

}  // namespace mp::pmilter
