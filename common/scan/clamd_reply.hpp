// clamd_reply.hpp: strict parsing of clamd's answer to zINSTREAM.
// clamd answers exactly one NUL-terminated line:
//   "stream: OK"                 -> Clean
//   "stream: <NAME> FOUND"       -> Infected(NAME)   (NAME: printable, no blanks)
//   "<anything> ERROR"           -> Failed("error reply \"<anything> ERROR\"")
// and anything else (no NUL, empty, bytes after the NUL, control characters,
// unknown words, over 1 KiB) -> Failed("garbled reply ..."). Nothing but the exact
// "stream: OK" is ever Clean.
#pragma once
#include <string_view>

#include "scan/outcome.hpp"

namespace mp::scan {

inline constexpr size_t kClamdReplyMax = 1024;

// `raw` is every byte read until the NUL or end of stream, NUL included.
Outcome parse_clamd_reply(std::string_view raw);

}  // namespace mp::scan
