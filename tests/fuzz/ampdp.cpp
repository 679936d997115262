// ampdp.cpp: fuzz target for amavisd-new's AM.PDP text protocol (common/scan/
// ampdp): the strict response parser on whatever amavisd (or an impostor on
// its port) might send, and the %xx value codec. Input: a value line, then
// the response. Checked properties: decode(encode(v)) == v for any bytes;
// an encoded value holds no byte outside 0x21-0x7E; a parsed answer's return_value is never quarantine (that is the
// separate quarantine= attribute) and its header names are non-empty.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "scan/ampdp.hpp"

namespace {

void codec(const std::string& value) {
    std::string enc = mp::scan::ampdp_encode(value);
    for (char c : enc)
        if (c <= ' ' || c >= 0x7f) __builtin_trap();
    auto dec = mp::scan::ampdp_decode(enc);
    if (!dec || *dec != value) __builtin_trap();
    (void)mp::scan::ampdp_decode(value);  // any bytes: a value or an error, no crash
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    FuzzedDataProvider in(data, size);
    codec(in.ConsumeRandomLengthString(256));
    std::string text = in.ConsumeRemainingBytesAsString();
    auto answer = mp::scan::ampdp_parse_response(text);
    if (!answer) return 0;
    if (answer->return_value == mp::verdict::Action::Quarantine) __builtin_trap();
    for (const auto& h : answer->headers)
        if (h.name.empty()) __builtin_trap();
    return 0;
}
