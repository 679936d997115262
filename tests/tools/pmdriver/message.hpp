// message.hpp: the message as smtps would pass it on: CRLF line ends,
// dot-stuffed, optionally with the final ".\r\n", cut into msg chunks.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "util/result.hpp"

namespace mp::pmdriver {

// LF -> CRLF (existing CRLF kept), "." doubled at line starts, a final CRLF
// added when missing.
std::string wire_message(std::string_view text);
Result<std::string> read_file(const std::string& path);

struct Split {
    enum class Mode { Size, Every, Random } mode = Mode::Size;
    std::size_t size = 8192;
    unsigned seed = 1;
};
// "8192" | "every" | "random" | "random:SEED"
Result<Split> parse_split(std::string_view s);
std::vector<std::string> cut(const std::string& data, const Split& split);

}  // namespace mp::pmdriver
