// types.cpp: see types.hpp.
#include "dns/types.hpp"

#include <arpa/inet.h>

namespace mp::dns {

const char* type_name(Type t) {
    switch (t) {
    case Type::A: return "A";
    case Type::PTR: return "PTR";
    case Type::MX: return "MX";
    case Type::TXT: return "TXT";
    case Type::AAAA: return "AAAA";
    case Type::SPF: return "SPF";
    }
    return "?";
}

const char* status_name(Status s) {
    switch (s) {
    case Status::Ok: return "ok";
    case Status::NoData: return "nodata";
    case Status::NxDomain: return "nxdomain";
    case Status::TempError: return "temperror";
    }
    return "?";
}

Answer temp_error(std::string why) {
    Answer a;
    a.status = Status::TempError;
    a.error = std::move(why);
    return a;
}

Result<std::string> txt_text(std::string_view rdata) {
    std::string out;
    size_t pos = 0;
    while (pos < rdata.size()) {
        size_t n = static_cast<unsigned char>(rdata[pos++]);
        if (n > rdata.size() - pos) return fail("TXT rdata: character-string runs past the record");
        out.append(rdata.substr(pos, n));
        pos += n;
    }
    return out;
}

Result<std::string> address_text(std::string_view rdata) {
    char buf[INET6_ADDRSTRLEN];
    int family = rdata.size() == 4 ? AF_INET : rdata.size() == 16 ? AF_INET6 : 0;
    if (!family) return fail("address rdata of " + std::to_string(rdata.size()) + " bytes");
    if (!inet_ntop(family, rdata.data(), buf, sizeof buf)) return fail("address rdata: inet_ntop failed");
    return std::string(buf);
}

Result<std::string> wire_name(std::string_view wire, size_t& pos) {
    std::string out;
    for (;;) {
        if (pos >= wire.size()) return fail("domain name runs past the record");
        size_t n = static_cast<unsigned char>(wire[pos++]);
        if (n == 0) return out;
        if (n > 63) return fail("compressed or invalid label in domain name");
        if (n > wire.size() - pos) return fail("label runs past the record");
        if (!out.empty()) out += '.';
        out.append(wire.substr(pos, n));
        pos += n;
        if (out.size() > 253) return fail("domain name longer than 253 characters");
    }
}

Result<Mx> mx_record(std::string_view rdata) {
    if (rdata.size() < 3) return fail("MX rdata too short");
    Mx mx;
    mx.preference = uint16_t(static_cast<unsigned char>(rdata[0]) << 8 | static_cast<unsigned char>(rdata[1]));
    size_t pos = 2;
    auto host = wire_name(rdata, pos);
    if (!host) return fail("MX rdata: " + host.error().message);
    mx.host = std::move(*host);
    return mx;
}

}  // namespace mp::dns
