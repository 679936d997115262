// rhs.hpp: the right-hand side of an access-map entry (seed 003 §3.9.3):
//   ok | relay | reject | discard | cont | error:XYZ [A.B.C] [text]
// optionally preceded by "quick:". Keywords are case-insensitive; the error
// text is kept verbatim. "reject" is "error:550 5.7.0 Rejected.".
// protectedrcpt: entries hold a restriction list instead (restriction.hpp).
//
// error: is validated when the map is loaded, so a typo is caught by
// check-config: XYZ is 4yz or 5yz (y 0-5), the enhanced status code is
// optional, but when given (class.subject.detail, RFC 3463) its class must
// equal XYZ's first digit; the text is optional (the MTA's default text for
// the reply code is used then).
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "util/result.hpp"

namespace mp::access {

// A problem at `offset` (0-based) within the parsed text.
struct ParseError {
    size_t offset = 0;
    std::string message;
};

struct Reply {
    std::string code;   // "550"
    std::string xcode;  // "5.7.1" or empty
    std::string text;   // may be empty
    bool temporary() const { return !code.empty() && code[0] == '4'; }
    std::string str() const;  // "550 5.7.1 text"
};

enum class Action { Ok, Relay, Error, Discard, Cont };
const char* action_name(Action a);

struct Rhs {
    Action action = Action::Cont;
    bool quick = false;
    Reply reply;  // Error only
};

Result<Rhs, ParseError> parse_rhs(std::string_view text);
// "XYZ [A.B.C] [text]": an error: body, and the reply options of other modules.
Result<Reply, ParseError> parse_reply(std::string_view text);

}  // namespace mp::access
