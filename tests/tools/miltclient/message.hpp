// message.hpp: an RFC 5322 message as the MTA hands it to a filter. Lines may
// end in LF or CRLF. Headers keep their raw value (everything after the colon,
// leading blanks included); folded lines are joined with "\n" as sendmail
// stores them. The body is CRLF-normalized (a bare LF becomes CRLF).
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "util/result.hpp"

namespace mp::miltclient {

inline constexpr std::size_t kMaxFile = 256u << 20;

struct Header {
    std::string name;
    std::string raw_value;
};

struct Message {
    std::vector<Header> headers;
    std::string body;
};

// Errors name file:line.
Result<Message> parse_message(std::string_view text, const std::string& name);
Result<std::string> read_file(const std::string& path);
std::string crlf_normalize(std::string_view s);

}  // namespace mp::miltclient
