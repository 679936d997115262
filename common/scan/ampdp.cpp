// ampdp.cpp: AM.PDP value encoding and the request text. See ampdp.hpp.
#include "scan/ampdp.hpp"

#include "util/strings.hpp"

namespace mp::scan {

namespace {

void put(std::string& out, std::string_view name, std::string_view value) {
    out += name;
    out += '=';
    out += ampdp_encode(value);
    out += "\r\n";
}

std::string bracketed(std::string_view a) {
    if (a.size() >= 2 && a.front() == '<' && a.back() == '>') return std::string(a);
    return "<" + std::string(a) + ">";
}

}  // namespace

std::string ampdp_encode(std::string_view value) {
    static const char hex[] = "0123456789abcdef";
    std::string out;
    for (char ch : value) {
        unsigned char c = static_cast<unsigned char>(ch);
        if ((c >= 0x21 && c <= 0x24) || (c >= 0x26 && c <= 0x7e)) {
            out += ch;
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

Result<std::string> ampdp_decode(std::string_view field) {
    std::string out;
    for (size_t i = 0; i < field.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(field[i]);
        if (c != '%') {
            if (c < 0x21 || c > 0x7e) return fail("unencoded byte in AM.PDP value");
            out += static_cast<char>(c);
            continue;
        }
        int hi = i + 2 < field.size() ? util::hex_digit(field[i + 1]) : -1;
        int lo = hi >= 0 ? util::hex_digit(field[i + 2]) : -1;
        if (lo < 0) return fail("bad %xx escape in AM.PDP value");
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
    }
    return out;
}

std::string ampdp_request(const AmpdpRequest& r) {
    std::string out;
    put(out, "request", "AM.PDP");
    put(out, "sender", bracketed(r.sender));
    for (const auto& rc : r.recipients) put(out, "recipient", bracketed(rc));
    put(out, "tempdir", r.tempdir);
    put(out, "tempdir_removed_by", "client");
    put(out, "mail_file", r.mail_file);
    put(out, "delivery_care_of", "client");
    const std::pair<std::string_view, const std::string*> optional[] = {
        {"queue_id", &r.queue_id},       {"client_address", &r.client_address},
        {"client_name", &r.client_name}, {"helo_name", &r.helo_name},
        {"protocol_name", &r.protocol_name}, {"policy_bank", &r.policy_bank}};
    for (const auto& [name, value] : optional)
        if (!value->empty()) put(out, name, *value);
    out += "\r\n";
    return out;
}

}  // namespace mp::scan
