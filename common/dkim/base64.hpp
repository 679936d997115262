// base64.hpp: RFC 4648 base64 without line breaks, as DKIM's b=, bh= and p=
// tags need it. decode() skips ASCII whitespace (key files, folded tags) and
// fails on anything else outside the alphabet.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace mp::dkim {

std::string base64_encode(std::string_view bytes);
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace mp::dkim
