// clamd_reply.cpp: fuzz target for the parser of clamd's zINSTREAM answer
// (common/scan/clamd_reply), fed the raw bytes as read from the socket.
// Checked properties (clamd_reply.hpp's contract): Clean only for exactly
// "stream: OK\0"; an Infected name is non-empty, printable and blank-free;
// a Failed always carries a reason; nothing else is ever returned.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <variant>

#include "scan/clamd_reply.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view raw(reinterpret_cast<const char*>(data), size);
    mp::scan::Outcome out = mp::scan::parse_clamd_reply(raw);
    constexpr std::string_view ok("stream: OK\0", 11);
    if (std::holds_alternative<mp::scan::Clean>(out) != (raw == ok)) __builtin_trap();
    if (auto* inf = std::get_if<mp::scan::Infected>(&out)) {
        if (inf->name.empty()) __builtin_trap();
        for (char c : inf->name)
            if (c <= ' ' || c >= 0x7f) __builtin_trap();
    } else if (auto* f = std::get_if<mp::scan::Failed>(&out)) {
        if (f->reason.empty()) __builtin_trap();
    } else if (!std::holds_alternative<mp::scan::Clean>(out)) {
        __builtin_trap();
    }
    return 0;
}
