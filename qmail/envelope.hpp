// envelope.hpp: qmail-queue's envelope (qmail-queue(8)), read from fd 1:
//   "F" sender NUL, then "T" recipient NUL for each recipient, then NUL.
// Pure; a malformed envelope is an error, which milterpack-qmail-queue answers
// with exit code 91 (envelope format error), as qmail-queue does.
//   auto e = parse_envelope(std::string_view("Fa@b\0Tc@d\0\0", 12));
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "util/result.hpp"

namespace mp::qmail {

struct Envelope {
    std::string sender;  // empty for the null sender
    std::vector<std::string> rcpts;
};

Result<Envelope> parse_envelope(std::string_view bytes);

}  // namespace mp::qmail
