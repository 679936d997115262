// script.cpp: see script.hpp. Every line is checked up front, so a typo is
// reported (NAME:LINE:COLUMN) before the first frame goes out.
#include "script.hpp"

#include <arpa/inet.h>

#include "message.hpp"
#include "names.hpp"

namespace mp::pmdriver {
namespace {

constexpr scriptlex::Arity kArity[] = {
    {"session", 1, 3},       {"macro", 2, -1},         {"connect", 2, 3},   {"helo", 1, 1},
    {"ehlo", 1, 1},          {"mail", 1, -1},          {"rcpt", 1, -1},     {"data", 0, 0},
    {"message-file", 1, 1},  {"body", 0, -1},          {"split", 1, 1},     {"final-dot", 1, 1},
    {"eom", 0, 0},           {"unknown", 1, -1},       {"rset", 0, 0},      {"quit", 0, 0},
    {"disconnect", 0, 0},    {"expect", 1, -1},        {"expect-header", 3, -1}, {"expect-rcpt", 2, 2},
    {"expect-edits", 1, 1},  {"expect-replaced", 1, 1}, {"wait-file", 1, 1}, {"touch", 1, 1},
};

bool is_ip(const std::string& a) {
    unsigned char buf[16];
    return inet_pton(AF_INET, a.c_str(), buf) == 1 || inet_pton(AF_INET6, a.c_str(), buf) == 1;
}

bool is_kind(const std::string& k) {
    static const char* kinds[] = {"CONT", "OK",  "ACCEPT",  "TEMP",  "PERM",  "DISCARD", "SSD",
                                  "RPLCMSG", "TIMEOUT", "ERROR", "ACK", "REFUSED"};
    for (auto* x : kinds)
        if (k == x) return true;
    return k.size() == 3 && k[0] >= '2' && k[0] <= '5' && isdigit(k[1]) && isdigit(k[2]);
}

// Command-specific checks; sets `bad` to the 1-based word index at fault.
Result<void> check_line(const ScriptLine& l, std::size_t& bad) {
    const auto& a = l.args;
    if (l.cmd == "session" && a.size() > 1 && (a.size() != 3 || a[1] != "conn" || std::atoi(a[2].c_str()) < 1))
        return bad = 2, fail("want: session NAME [conn N]");
    if (l.cmd == "macro") {
        if (!pmapi::stage_from_name(a[0])) return bad = 1, fail("not a stage (connect ehlo mail rcpt data dot): " + a[0]);
        for (std::size_t i = 1; i < a.size(); ++i) {
            auto eq = a[i].find('=');
            if (eq == std::string::npos || !pmapi::macro_from_name(a[i].substr(0, eq)))
                return bad = i + 1, fail("want ID=VALUE with an id of sm/pmfdef.h: " + a[i]);
        }
    }
    if (l.cmd == "connect") {
        if (!is_ip(a[1])) return bad = 2, fail("not an IPv4 or IPv6 address: " + a[1]);
        if (a.size() == 3 && (a[2].find_first_not_of("0123456789") != std::string::npos || std::atol(a[2].c_str()) > 65535))
            return bad = 3, fail("bad port: " + a[2]);
    }
    if (l.cmd == "split")
        if (auto s = parse_split(a[0]); !s) return bad = 1, fail(s.error().message);
    if (l.cmd == "final-dot" && a[0] != "include" && a[0] != "omit") return bad = 1, fail("want include or omit");
    if (l.cmd == "expect" && !is_kind(a[0])) return bad = 1, fail("not a code name or SMTP code: " + a[0]);
    if (l.cmd == "expect-header" && !pmapi::hdrmod_from_name(a[0])) return bad = 1, fail("want APPEND INSERT REPLACE or REMOVE");
    if (l.cmd == "expect-header" && a[1].find_first_not_of("0123456789") != std::string::npos)
        return bad = 2, fail("bad index: " + a[1]);
    if (l.cmd == "expect-rcpt" && a[0] != "add" && a[0] != "del") return bad = 1, fail("want add or del");
    if (l.cmd == "expect-edits" && a[0].find_first_not_of("0123456789") != std::string::npos)
        return bad = 1, fail("bad count: " + a[0]);
    return {};
}

}  // namespace

Result<Script> parse_script(std::string_view text, const std::string& name, const std::string& base_dir) {
    return scriptlex::lex(text, name, base_dir, kArity, check_line);
}

}  // namespace mp::pmdriver
