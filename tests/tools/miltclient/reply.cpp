// reply.cpp: see reply.hpp. Layouts follow libmilter's mfdef.h/smfi_* senders.
#include "reply.hpp"

#include <array>
#include <cstring>
#include <libmilter/mfapi.h>
#include <libmilter/mfdef.h>
#include <utility>
#include <vector>

namespace mp::miltclient {
namespace {

// Split data into NUL-terminated strings; false if the last one is unterminated.
bool split_nul(std::string_view data, std::vector<std::string_view>& out) {
    while (!data.empty()) {
        auto z = data.find('\0');
        if (z == std::string_view::npos) return false;
        out.push_back(data.substr(0, z));
        data.remove_prefix(z + 1);
    }
    return true;
}

Result<void> want_strings(const Reply& r, std::size_t skip, std::size_t min, std::size_t max) {
    std::vector<std::string_view> parts;
    if (r.data.size() < skip) return fail("too short");
    if (!split_nul(std::string_view(r.data).substr(skip), parts)) return fail("string not NUL-terminated");
    if (parts.size() < min || parts.size() > max)
        return fail("expected " + std::to_string(min) + ".." + std::to_string(max) + " strings, got " +
                    std::to_string(parts.size()));
    if (min > 0 && parts[0].empty()) return fail("empty first field");
    return {};
}

Result<void> check_layout(const Reply& r) {
    switch (r.cmd) {
    case SMFIR_CONTINUE: case SMFIR_ACCEPT: case SMFIR_REJECT: case SMFIR_TEMPFAIL:
    case SMFIR_DISCARD: case SMFIR_SKIP: case SMFIR_CONN_FAIL: case SMFIR_SHUTDOWN:
    case SMFIR_PROGRESS:
        if (!r.data.empty()) return fail("unexpected data");
        return {};
    case SMFIR_REPLYCODE: {
        auto w = want_strings(r, 0, 1, 1);
        if (!w) return w;
        const std::string& t = r.data;
        if (t.size() < 4 || (t[0] != '4' && t[0] != '5') || !isdigit(t[1]) || !isdigit(t[2]) ||
            (t[3] != ' ' && t[3] != '-' && t[3] != '\0'))
            return fail("reply text must start with a 4xx/5xx code");
        return {};
    }
    case SMFIR_ADDHEADER: return want_strings(r, 0, 2, 2);
    case SMFIR_INSHEADER: case SMFIR_CHGHEADER: return want_strings(r, 4, 2, 2);
    case SMFIR_ADDRCPT: case SMFIR_DELRCPT: case SMFIR_QUARANTINE: return want_strings(r, 0, 1, 1);
    case SMFIR_ADDRCPT_PAR: case SMFIR_CHGFROM: return want_strings(r, 0, 1, 2);
    case SMFIR_REPLBODY: return {};
    default: return fail("unknown reply code");
    }
}

std::vector<std::string_view> fields(std::string_view data) {
    std::vector<std::string_view> parts;
    split_nul(data, parts);
    return parts;
}

std::string header_line(std::string_view name, std::string_view value, bool leadspc) {
    std::string s(name);
    s += leadspc ? ":" : ": ";
    s += value;
    return escape(s);
}

std::string indexed_header(const char* verb, const Reply& r, bool leadspc) {
    auto f = fields(std::string_view(r.data).substr(4));
    return std::string(verb) + " " + std::to_string(get_u32(r.data)) + " " + header_line(f[0], f[1], leadspc);
}

std::string joined(const char* verb, std::string_view data) {
    std::string s(verb);
    for (auto f : fields(data)) s += " " + escape(f);
    return s;
}

std::string flag_names(std::uint32_t v, const std::vector<std::pair<std::uint32_t, const char*>>& names) {
    std::string s;
    for (auto [bit, name] : names) {
        if (!(v & bit)) continue;
        if (!s.empty()) s += '|';
        s += name;
        v &= ~bit;
    }
    if (v != 0) {
        char hex[16];
        std::snprintf(hex, sizeof hex, "0x%x", v);
        s += (s.empty() ? "" : "|") + std::string(hex);
    }
    return s.empty() ? "none" : s;
}

}  // namespace

bool is_final(char c) {
    return std::strchr("cartdysf4", c) != nullptr && c != '\0';
}

bool is_action(char c) {
    return std::strchr("hime+-2bq", c) != nullptr && c != '\0';
}

Result<void> check(const Reply& r) {
    if (auto c = check_layout(r); !c) {
        std::string code = r.cmd >= 0x20 && r.cmd < 0x7f ? std::string(1, r.cmd) : escape(std::string(1, r.cmd));
        return fail("malformed reply '" + code + "' (" + std::to_string(r.data.size()) + " data bytes): " +
                    c.error().message);
    }
    return {};
}

std::string kind_name(const Reply& r) {
    std::string d = describe(r, false);
    return d.substr(0, d.find(' '));
}

std::string describe(const Reply& r, bool leadspc) {
    switch (r.cmd) {
    case SMFIR_CONTINUE: return "continue";
    case SMFIR_ACCEPT: return "accept";
    case SMFIR_REJECT: return "reject";
    case SMFIR_TEMPFAIL: return "tempfail";
    case SMFIR_DISCARD: return "discard";
    case SMFIR_SKIP: return "skip";
    case SMFIR_CONN_FAIL: return "connfail";
    case SMFIR_SHUTDOWN: return "shutdown";
    case SMFIR_PROGRESS: return "progress";
    case SMFIR_REPLYCODE:
        return std::string(r.data[0] == '5' ? "reject " : "tempfail ") + escape(fields(r.data)[0]);
    case SMFIR_ADDHEADER: {
        auto f = fields(r.data);
        return "addheader " + header_line(f[0], f[1], leadspc);
    }
    case SMFIR_INSHEADER: return indexed_header("insheader", r, leadspc);
    case SMFIR_CHGHEADER: return indexed_header("chgheader", r, leadspc);
    case SMFIR_ADDRCPT: return joined("addrcpt", r.data);
    case SMFIR_ADDRCPT_PAR: return joined("addrcpt_par", r.data);
    case SMFIR_DELRCPT: return joined("delrcpt", r.data);
    case SMFIR_CHGFROM: return joined("chgfrom", r.data);
    case SMFIR_QUARANTINE: return joined("quarantine", r.data);
    case SMFIR_REPLBODY: return "replbody " + std::to_string(r.data.size()) + " bytes";
    default: return "unknown";
    }
}

std::string escape(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (unsigned char c : s) {
        if (c == '\\') out += "\\\\";
        else if (c == '\r') out += "\\r";
        else if (c == '\n') out += "\\n";
        else if (c == '\t') out += "\\t";
        else if (c < 0x20 || c == 0x7f) {
            char hex[8];
            std::snprintf(hex, sizeof hex, "\\x%02x", c);
            out += hex;
        } else out += static_cast<char>(c);
    }
    return out;
}

std::string action_flag_names(std::uint32_t a) {
    return flag_names(a, {{SMFIF_ADDHDRS, "ADDHDRS"}, {SMFIF_CHGBODY, "CHGBODY"}, {SMFIF_ADDRCPT, "ADDRCPT"},
                          {SMFIF_DELRCPT, "DELRCPT"}, {SMFIF_CHGHDRS, "CHGHDRS"}, {SMFIF_QUARANTINE, "QUARANTINE"},
                          {SMFIF_CHGFROM, "CHGFROM"}, {SMFIF_ADDRCPT_PAR, "ADDRCPT_PAR"},
                          {SMFIF_SETSYMLIST, "SETSYMLIST"}});
}

std::string protocol_flag_names(std::uint32_t p) {
    return flag_names(p, {{SMFIP_NOCONNECT, "NOCONNECT"}, {SMFIP_NOHELO, "NOHELO"}, {SMFIP_NOMAIL, "NOMAIL"},
                          {SMFIP_NORCPT, "NORCPT"}, {SMFIP_NOBODY, "NOBODY"}, {SMFIP_NOHDRS, "NOHDRS"},
                          {SMFIP_NOEOH, "NOEOH"}, {SMFIP_NR_HDR, "NR_HDR"}, {SMFIP_NOUNKNOWN, "NOUNKNOWN"},
                          {SMFIP_NODATA, "NODATA"}, {SMFIP_SKIP, "SKIP"}, {SMFIP_RCPT_REJ, "RCPT_REJ"},
                          {SMFIP_NR_CONN, "NR_CONN"}, {SMFIP_NR_HELO, "NR_HELO"}, {SMFIP_NR_MAIL, "NR_MAIL"},
                          {SMFIP_NR_RCPT, "NR_RCPT"}, {SMFIP_NR_DATA, "NR_DATA"}, {SMFIP_NR_UNKN, "NR_UNKN"},
                          {SMFIP_NR_EOH, "NR_EOH"}, {SMFIP_NR_BODY, "NR_BODY"}, {SMFIP_HDR_LEADSPC, "HDR_LEADSPC"}});
}

}  // namespace mp::miltclient
