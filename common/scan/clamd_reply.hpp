// clamd_reply.hpp: strict parsing of clamd's answer to zINSTREAM and zFILDES.
// clamd answers exactly one NUL-terminated line; SUBJECT is "stream" after
// INSTREAM and "fd[N]" (clamd's own descriptor number, digits) after FILDES:
//   "SUBJECT: OK"                -> Clean
//   "SUBJECT: <NAME> FOUND"      -> Infected(NAME)   (NAME: printable, no blanks)
//   "<anything> ERROR"           -> Failed("error reply \"<anything> ERROR\"")
// and anything else (no NUL, empty, bytes after the NUL, control characters,
// unknown words, the other command's subject, over 1 KiB) -> Failed("garbled
// reply ..."). Nothing but the exact "SUBJECT: OK" is ever Clean.
#pragma once
#include <chrono>
#include <string>
#include <string_view>

#include "scan/outcome.hpp"
#include "util/result.hpp"

namespace mp::scan {

inline constexpr size_t kClamdReplyMax = 1024;

enum class ReplyTo { Instream, Fildes };

// `raw` is every byte read until the NUL or end of stream, NUL included.
Outcome parse_clamd_reply(std::string_view raw, ReplyTo command = ReplyTo::Instream);

// The verdict from a read that may have failed (timeout, reset): a failed
// read is Failed("no verdict: WHY (timeout N ms)"), a reply is parsed.
Outcome clamd_verdict(const Result<std::string>& raw, std::chrono::milliseconds timeout, ReplyTo command);

}  // namespace mp::scan
