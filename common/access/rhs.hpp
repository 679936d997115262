// rhs.hpp: the right-hand side of an access-map entry (sendmail X README 3.9.3):
//   ok | relay | reject | discard | cont | error:XYZ [A.B.C] [text]
// optionally preceded by "quick:". Keywords are case-insensitive; the error
// text is kept verbatim. "reject" is "error:550 5.7.0 Rejected.".
// protectedrcpt: entries hold a restriction list instead (restriction.hpp).
//
// error: is validated when the map is loaded, so a typo is caught by
// check-config: verdict::parse_reply with access_reply_rules (XYZ is 4yz or
// 5yz, the enhanced status code is optional but its class must match, the
// text is optional: the MTA's default text for the reply code is used then).
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "util/result.hpp"
#include "verdict/reply.hpp"

namespace mp::access {

// A problem at `offset` (0-based) within the parsed text.
struct ParseError {
    size_t offset = 0;
    std::string message;
};

enum class Action { Ok, Relay, Error, Discard, Cont };
const char* action_name(Action a);

struct Rhs {
    Action action = Action::Cont;
    bool quick = false;
    verdict::Reply reply;  // Error only
};

Result<Rhs, ParseError> parse_rhs(std::string_view text);
// What an error: body (and protected_recipients' reply) may be: 4yz or 5yz,
// enhanced code and text optional.
inline constexpr verdict::ReplyRules access_reply_rules{};

}  // namespace mp::access
