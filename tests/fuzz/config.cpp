// config.cpp: fuzz target for the configuration parser (common/config) with
// the whole product schema (policy::root_schema), from bytes in memory through
// config::parse, the same function load() calls after reading the file.
// Besides "no crash, no leak, no hang", it checks one property: a file that
// parses dumps to text (Config::dump, `milterpack check-config --dump`) that
// parses again and dumps to the same text; a difference __builtin_trap()s.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "config/config.hpp"
#include "policy/engine.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    auto cfg = mp::config::parse(text, "fuzz.conf", mp::policy::root_schema());
    if (!cfg) {
        if (cfg.error().errors.empty()) __builtin_trap();  // a refusal always says why
        return 0;
    }
    std::string dump = cfg->dump();
    auto again = mp::config::parse(dump, "dump.conf", mp::policy::root_schema());
    if (!again || again->dump() != dump) __builtin_trap();
    return 0;
}
