// dns_reply.cpp: fuzz target for the DNS reply parser (common/dns/wire), fed
// a datagram as a server would send it; the question is fixed
// (mail.example.test, the type from the input's last byte) and the id is the
// datagram's own, so most inputs get past the id check. Checked properties
// (wire.hpp's contract): an Answer is Ok with at least one record, or NoData
// or NxDomain with none; an Ok TXT record decodes (txt_text); a server error
// is a TempError with its reason; nothing else carries an answer.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "dns/wire.hpp"

using namespace mp::dns;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size < 2) return 0;
    std::string_view raw(reinterpret_cast<const char*>(data), size);
    const Type types[] = {Type::TXT, Type::A, Type::AAAA, Type::MX, Type::PTR};
    Type type = types[data[size - 1] % 5];
    Reply r = parse_reply(raw, "mail.example.test", type, uint16_t(data[0] << 8 | data[1]));
    const Answer& a = r.answer;
    switch (r.kind) {
    case Reply::Kind::Answer:
        if (a.status == Status::TempError || (a.status == Status::Ok) == a.rdata.empty()) __builtin_trap();
        if (type == Type::TXT)
            for (const auto& d : a.rdata)
                if (!txt_text(d)) __builtin_trap();
        break;
    case Reply::Kind::ServerError:
        if (a.status != Status::TempError || a.error.empty()) __builtin_trap();
        break;
    default:
        if (!a.rdata.empty()) __builtin_trap();
    }
    return 0;
}
