// smtp_reply.hpp: the SMTP replies a call-ahead reads from the next hop, as
// values. parse_smtp_reply() takes the bytes received so far and returns the
// first complete reply (RFC 5321 4.2: "250-..." lines up to a "250 ..." line,
// all with the same code), or nothing while the reply is incomplete. Pure: the
// pool feeds it from the socket, the unit test from strings.
//   auto r = parse_smtp_reply("550 5.1.1 <x@y>... User unknown\r\n");
//   // r->code == 550, r->reply() == {"550", "5.1.1", "<x@y>... User unknown"}
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "util/result.hpp"
#include "verdict/reply.hpp"

namespace mp::callahead {

struct SmtpReply {
    int code = 0;          // 200-599
    std::string text;      // the last line's text, after the code and separator
    size_t used = 0;       // bytes of the input this reply took
    // The reply as milterpack passes it on: the code, the enhanced code when
    // the text starts with one, the rest of the text (control characters dropped).
    verdict::Reply reply() const;
};

// nullopt: incomplete (read more). An error: not an SMTP reply (a line without
// a 3-digit code, mixed codes, or a line longer than 1000 bytes).
Result<std::optional<SmtpReply>> parse_smtp_reply(std::string_view buf);

}  // namespace mp::callahead
