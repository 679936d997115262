// macro.hpp: SPF macro expansion (RFC 7208 7), for explanation texts. libspf2
// 1.2.10 mangles explanations (blanks become '%' and macros after the first
// stay unexpanded), so the checker reads exp= itself and expands it here.
// Pure: everything the macros refer to comes in Vars.
// Grammar: %{ letter [digits] [r] [delimiters] }, %% %_ %-; letters
// s l o d i p h c r t v, upper case URL-encodes (RFC 7208 7.3).
#pragma once
#include <string>
#include <string_view>

#include "util/result.hpp"

namespace mp::spf {

struct Vars {
    std::string sender{};    // s: local-part@domain
    std::string domain{};    // d: the domain whose record is evaluated
    std::string ip{};        // the client address as text (IPv4 or IPv6)
    std::string helo{};      // h
    std::string receiver{};  // r
    long long timestamp = 0;  // t
};

// The expanded text, or an error naming the malformed macro (a permerror).
Result<std::string> expand(std::string_view text, const Vars& v);

// Which macros of `text` depend on more than the client address and the
// domain: the result cache (cache.hpp) keys on what they read. local: %{s}
// or %{l} (the local-part); helo: %{h}; time: %{t}. %% is not a macro.
struct MacroUse {
    bool local = false;
    bool helo = false;
    bool time = false;
};
MacroUse macro_use(std::string_view text);

}  // namespace mp::spf
