// script.hpp: the line script of mp-pmdriver's script mode (the smtps stand-in
// for pmilters; wire in pmilter/api/PROTOCOL.md). One command a line; blank
// lines and lines starting with '#' are ignored. Words are split on blanks;
// "double quotes" group a word (\" and \\ inside). Grammar:
//   session NAME [conn N]        make NAME the current session (created on
//                                first use; conn: which driver connection,
//                                1..--connections, default round robin)
//   macro STAGE ID=VALUE ...     values the driver sends at STAGE (connect ehlo
//                                mail rcpt data dot) for the current session;
//                                ID as in sm/pmfdef.h (PMM_SEID, ...). A
//                                requested id without a value goes as NULL
//   connect HOST ADDR [PORT]     ADDR: IPv4 or IPv6 literal
//   helo NAME | ehlo NAME
//   mail ADDR [ESMTP-ARG ...]    ADDR as written (with or without <>); no
//   rcpt ADDR [ESMTP-ARG ...]    ESMTP-ARG: argv NULL; "-" alone: empty argv
//   data                         DATA (pmfi_data)
//   message-file FILE            the message: LF -> CRLF, dot-stuffed
//   body TEXT                    append the line TEXT CRLF (dot-stuffed)
//   split N|every|random[:SEED]  how eom cuts the message into msg chunks:
//                                N bytes each (default 8192), 1 byte each,
//                                or random sizes 1..64 from SEED
//   final-dot include|omit       send ".\r\n" as message data (default omit)
//   eom                          send the message as msg chunks, then eom
//   unknown TEXT                 an unknown command (raw rest of line)
//   rset                         RSET: abort; the session stays
//   quit                         QUIT: close
//   disconnect                   the client goes away (close; mid-transaction:
//                                abort first, and never eom)
//   expect KIND [TEXT]           the current session's last answer: KIND is a
//                                code name (CONT OK ACCEPT TEMP PERM DISCARD
//                                SSD RPLCMSG TIMEOUT ERROR) or a 3-digit SMTP
//                                code (first line of the reply text); TEXT,
//                                when given, must equal the reply text without
//                                its final CRLF (raw rest of line)
//   expect-header TYPE INDEX LINE   the last eom answer holds this header edit
//                                (TYPE APPEND|INSERT|REPLACE|REMOVE, LINE
//                                without CRLF, raw rest of line)
//   expect-rcpt add|del ADDR     the last eom answer holds this recipient edit
//   expect-edits N               the last eom answer held exactly N edits
//   expect-replaced FILE         the replacement message equals FILE (bytes)
//   wait-file PATH               wait (bounded by -t) until PATH exists
//   touch PATH                   create PATH (hand-off to the test script)
// FILE/PATH are relative to the script's directory. Commands of different
// sessions interleave on their connections as written; each command waits
// for its answer (concurrent sessions are load mode's job).
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "lex.hpp"
#include "util/result.hpp"

namespace mp::pmdriver {

using ScriptLine = scriptlex::Line;  // lineno cmd args rest rest2 rest3 (lex.hpp)

using Script = scriptlex::Script;  // name base_dir lines

// Errors are "NAME:LINE:COLUMN: message".
Result<Script> parse_script(std::string_view text, const std::string& name, const std::string& base_dir);

}  // namespace mp::pmdriver
