// script.hpp: the line script of mp-miltclient's script mode. One command a
// line; blank lines and lines starting with '#' are ignored. Words are split
// on blanks; "double quotes" group a word (\" and \\ inside). Grammar:
//   macro STAGE [NAME=VALUE ...]   macros sent before each STAGE command
//                                  (connect helo mail rcpt data eoh eom);
//                                  no pairs clears the stage
//   connect HOST ADDRESS [port N]  ADDRESS: IPv4 | IPv6 | unix:/path | unknown
//   helo NAME
//   mail ADDR [ESMTP-ARG ...]      rcpt ADDR [ESMTP-ARG ...]
//   data | eoh | eom | abort | quit | quit-nc
//   header NAME: VALUE             raw rest of line; the value's leading
//                                  space is sent only under SMFIP_HDR_LEADSPC
//   body TEXT                      one body chunk: TEXT CRLF (raw rest of line)
//   body-file FILE                 file CRLF-normalized, 65535-byte chunks
//   message-file FILE              headers, eoh and body of an RFC 5322 file
//   expect STAGE TEXT              a reply line of the latest STAGE step must
//                                  equal "STAGE: TEXT" (TEXT: raw rest of line)
//   expect-re STAGE REGEX          ... must fully match REGEX (ECMAScript)
// STAGE for expect: optneg connect helo mail rcpt data header eoh body eom.
// FILE paths are relative to the script's directory. Steps go out in script
// order, as written: libmilter silently drops a command out of sequence (e.g.
// a body without eoh after headers), which then shows as a read timeout.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "lex.hpp"
#include "util/result.hpp"

namespace mp::miltclient {

using ScriptLine = scriptlex::Line;  // lineno cmd args rest rest2 (lex.hpp)

using Script = scriptlex::Script;  // name base_dir lines

// Errors are "NAME:LINE:COLUMN: message".
Result<Script> parse_script(std::string_view text, const std::string& name, const std::string& base_dir);

}  // namespace mp::miltclient
