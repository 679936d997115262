// maps.cpp: fuzz target for the map file parsers of common/maps: the text map
// (sendmail X README 3.9.3 "LHS blanks RHS" lines, with the default lowercase
// key and with a CIDR-tagged key) and the aliases file. Small limits make the
// line, entry and error caps reachable. Checked properties: every error
// names a line and column ("fuzz.map:L:C: ..."), and every loaded entry is
// found again under its stored key.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "maps/aliasmap.hpp"
#include "maps/textmap.hpp"

namespace {

void check_errors(const mp::maps::Errors& errs) {
    for (const auto& e : errs.errors)
        if (e.rfind("fuzz.map:", 0) != 0) __builtin_trap();
}

void text_map(std::string_view text, const mp::maps::Limits& limits) {
    auto map = mp::maps::TextMap::parse(text, "fuzz.map", {}, limits);
    if (!map) return check_errors(map.error());
    for (const auto& e : map->entries()) {
        const mp::maps::Entry* found = map->find(e.key);
        if (found == nullptr || found->key != e.key) __builtin_trap();
        (void)map->nets("cltaddr");
    }
}

void alias_map(std::string_view text, const mp::maps::Limits& limits) {
    auto map = mp::maps::AliasMap::parse(text, "fuzz.map", limits);
    if (!map) return check_errors(map.error());
    (void)map->find("postmaster");
    (void)map->find_address("<list@example.test>");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    mp::maps::Limits small{.max_file_bytes = 1 << 16, .max_line_bytes = 256, .max_entries = 64, .max_errors = 8};
    text_map(text, {});
    text_map(text, small);
    alias_map(text, {});
    alias_map(text, small);
    return 0;
}
