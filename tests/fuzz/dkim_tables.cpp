// dkim_tables.cpp: fuzz target for OpenDKIM's KeyTable and SigningTable
// parsers (common/dkim/tables), the SigningTable in both lookup modes (exact
// "file:" and wildcard "refile:"), then matches of fuzzer-chosen addresses
// and the wildcard matcher. Input: an address line, then the table text.
// Checked property: every entry a KeyTable holds is found by its own name.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "dkim/tables.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    FuzzedDataProvider in(data, size);
    std::string address = in.ConsumeRandomLengthString(256);
    std::string text = in.ConsumeRemainingBytesAsString();

    if (auto keys = mp::dkim::parse_key_table(text, "fuzz.keytable")) {
        for (const auto& e : keys->entries) {
            if (keys->find(e.name) == nullptr) __builtin_trap();
            (void)e.key_is_path();
        }
    }
    for (bool wildcard : {false, true}) {
        auto table = mp::dkim::parse_signing_table(text, "fuzz.signingtable", wildcard);
        if (!table) continue;
        (void)table->match(address);
        for (const auto& e : table->entries) {
            (void)table->match(e.pattern);
            (void)mp::dkim::wildcard_match(e.pattern, address);
        }
    }
    return 0;
}
