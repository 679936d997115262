// reply.hpp: an SMTP reply ("550 5.7.1 text") as a value, and the one parser
// of reply texts written by the operator (access-map error: bodies, the reply
// options of protected_recipients, greylisting and scanner sections).
//
// Each caller states what it accepts as a ReplyRules value; the parser applies
// the same grammar and gives the same error texts to all of them:
//   CODE [XCODE] [TEXT]     (leading and trailing blanks are ignored)
//   CODE   three digits, 4yz or 5yz (y 0-5) as the rules allow
//   XCODE  RFC 3463 class.subject.detail (class 2, 4 or 5, then 1-3 digits
//          twice); a word that starts with a digit and holds a dot is taken
//          as one, so a malformed code is an error, never silently text
//   TEXT   printable: no control characters (libmilter refuses CR/LF)
// An error names the byte offset (0-based) in the parsed text where it is.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

#include "util/result.hpp"

namespace mp::verdict {

struct Reply {
    std::string code;   // "550"; empty: the MTA's default reply for the action
    std::string xcode;  // "5.7.1" or empty
    std::string text;   // may be empty
    bool temporary() const { return !code.empty() && code[0] == '4'; }
    std::string str() const;  // "550 5.7.1 text", absent parts left out
    bool operator==(const Reply&) const = default;
};

// soft_bounce (sendmail X README 3.9.3, smtps flags): 5yz -> 4yz and
// 5.x.x -> 4.x.x; any other reply is returned unchanged.
Reply soft_bounced(Reply r);

struct ReplyRules {
    enum class Class { Either, Temporary, Permanent };  // 4yz or 5yz / 4yz only / 5yz only
    Class accept = Class::Either;
    bool xcode_required = false;
    bool xcode_class_matches = true;  // XCODE's class must equal CODE's first digit
    bool text_required = false;
};

struct ReplyError {
    size_t offset = 0;  // into the text given to parse_reply
    std::string message;
};

Result<Reply, ReplyError> parse_reply(std::string_view text, const ReplyRules& rules);

// True for an RFC 3463 enhanced status code: "4.7.1", "5.123.456", "2.0.0".
bool is_enhanced_code(std::string_view s);

}  // namespace mp::verdict
