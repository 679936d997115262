// names.cpp: see names.hpp. Tables of (name, value) pairs, searched linearly.
#include "names.hpp"

#include <string_view>

#include "sm/hdrmoddef.h"
#include "sm/pmfdef.h"
#include "sm/smreplycodes.h"

namespace mp::pmapi {
namespace {

struct Named {
    const char* name;
    std::uint32_t value;
};

constexpr Named kCodes[] = {{"CONT", SMTP_R_CONT},       {"OK", SMTP_R_OK},   {"ACCEPT", SMTP_R_ACCEPT},
                            {"TEMP", SMTP_R_TEMP},       {"PERM", SMTP_R_PERM}, {"DISCARD", SMTP_R_DISCARD},
                            {"SSD", SMTP_R_SSD},         {"RPLCMSG", SMTP_R_RPLCMSG}};
constexpr Named kHdrmods[] = {{"APPEND", SM_HDRMOD_T_APPEND},
                              {"INSERT", SM_HDRMOD_T_INSERT},
                              {"REPLACE", SM_HDRMOD_T_REPLACE},
                              {"REMOVE", SM_HDRMOD_T_REMOVE}};
constexpr Named kMacros[] = {
    {"PMM_SEID", PMM_SEID},
    {"PMM_SRVHOSTNAME", PMM_SRVHOSTNAME},
    {"PMM_CLIENT_RESOLVE", PMM_CLIENT_RESOLVE},
    {"PMM_TLS_VERSION", PMM_TLS_VERSION},
    {"PMM_TLS_CIPHER_SUITE", PMM_TLS_CIPHER_SUITE},
    {"PMM_TLS_CIPHER_BITS", PMM_TLS_CIPHER_BITS},
    {"PMM_TLS_CERT_SUBJECT", PMM_TLS_CERT_SUBJECT},
    {"PMM_TLS_CERT_ISSUER", PMM_TLS_CERT_ISSUER},
    {"PMM_TLS_ALG_BITS", PMM_TLS_ALG_BITS},
    {"PMM_TLS_VRFY", PMM_TLS_VRFY},
    {"PMM_TLS_CN_SUBJECT", PMM_TLS_CN_SUBJECT},
    {"PMM_TLS_CN_ISSUER", PMM_TLS_CN_ISSUER},
    {"PMM_AUTH_TYPE", PMM_AUTH_TYPE},
    {"PMM_AUTH_AUTHEN", PMM_AUTH_AUTHEN},
    {"PMM_AUTH_AUTHOR", PMM_AUTH_AUTHOR},
    {"PMM_MAIL_TAID", PMM_MAIL_TAID},
    {"PMM_DOT_MSGID", PMM_DOT_MSGID},
    {"PMM_DOT_HOPS", PMM_DOT_HOPS},
};
constexpr Named kStages[] = {{"connect", PM_SMST_CONNECT}, {"ehlo", PM_SMST_EHLO}, {"mail", PM_SMST_MAIL},
                             {"rcpt", PM_SMST_RCPT},       {"data", PM_SMST_DATA}, {"dot", PM_SMST_DOT}};

template <std::size_t N>
const char* name_of(const Named (&table)[N], std::uint32_t v) {
    for (const auto& e : table)
        if (e.value == v) return e.name;
    return nullptr;
}

template <std::size_t N>
std::optional<std::uint32_t> value_of(const Named (&table)[N], std::string_view name) {
    for (const auto& e : table)
        if (name == e.name) return e.value;
    return std::nullopt;
}

bool digit(char c) { return c >= '0' && c <= '9'; }

bool reply_line_ok(std::string_view l) {
    return l.size() >= 3 && (l[0] == '2' || l[0] == '4' || l[0] == '5') && digit(l[1]) && digit(l[2]) &&
           (l.size() == 3 || l[3] == ' ' || l[3] == '-') && l.find_first_of("\r\n") == std::string_view::npos;
}

}  // namespace

const char* code_name(int code) { return code < 0 ? nullptr : name_of(kCodes, static_cast<std::uint32_t>(code)); }
std::optional<int> code_from_name(std::string_view n) {
    auto v = value_of(kCodes, n);
    return v ? std::optional<int>(static_cast<int>(*v)) : std::nullopt;
}
const char* hdrmod_name(unsigned int type) { return name_of(kHdrmods, type); }
std::optional<unsigned int> hdrmod_from_name(std::string_view n) { return value_of(kHdrmods, n); }
const char* macro_name(std::uint32_t id) { return name_of(kMacros, id); }
std::optional<std::uint32_t> macro_from_name(std::string_view n) { return value_of(kMacros, n); }
const char* stage_name(unsigned int stage) { return name_of(kStages, stage); }
std::optional<unsigned int> stage_from_name(std::string_view n) { return value_of(kStages, n); }

std::optional<std::string> default_reply(int code) {
    switch (code) {
        case SMTP_R_TEMP: return std::string("451 4.3.0 Temporary failure\r\n");
        case SMTP_R_PERM: return std::string("550 5.7.1 Command rejected\r\n");
        case SMTP_R_SSD: return std::string("421 4.7.0 Service shutting down\r\n");
        default: return std::nullopt;
    }
}

Result<std::string> normalize_reply(std::string_view text) {
    std::string out(text);
    if (out.size() < 2 || out.compare(out.size() - 2, 2, "\r\n") != 0) out += "\r\n";
    std::string_view rest = out;
    while (!rest.empty()) {
        auto end = rest.find("\r\n");
        if (!reply_line_ok(rest.substr(0, end)))
            return fail("not an SMTP reply line: \"" + std::string(rest.substr(0, end)) + "\"");
        rest.remove_prefix(end + 2);
    }
    return out;
}

Result<void> check_macro_request(unsigned int stage, const std::vector<std::uint32_t>& ids) {
    if (stage >= PM_SMST_MAX) return fail("no such stage " + std::to_string(stage));
    if (ids.size() > PM_MACROS_MAX)
        return fail(std::to_string(ids.size()) + " macros for one stage, at most " + std::to_string(PM_MACROS_MAX));
    for (auto id : ids) {
        if (!macro_name(id)) return fail("unknown macro id " + std::to_string(id));
        if (id == PMM_MAIL_TAID && stage < PM_SMST_MAIL) return fail("PMM_MAIL_TAID before the MAIL stage");
        if ((id == PMM_DOT_MSGID) && stage != PM_SMST_DOT) return fail("PMM_DOT_MSGID outside the DOT stage");
    }
    return {};
}

}  // namespace mp::pmapi
