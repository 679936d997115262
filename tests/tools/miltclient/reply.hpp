// reply.hpp: what a filter may answer, checked and rendered. check() enforces
// the exact layout of each reply kind (NUL-terminated strings, 4-byte indexes,
// no trailing bytes), so a malformed reply is an error, never a guess.
// describe() renders one reply as a single stable line for scripts:
//   continue | accept | reject | tempfail | discard | skip | connfail | shutdown
//   reject 550 5.7.1 text   (SMFIR_REPLYCODE 5xx; "tempfail 451 ..." for 4xx)
//   addheader NAME: VALUE   insheader IDX NAME: VALUE   chgheader IDX NAME: VALUE
//   addrcpt RCPT  addrcpt_par RCPT ARGS  delrcpt RCPT  chgfrom ADDR [ARGS]
//   replbody N bytes  quarantine REASON  progress
// Header lines show the header as the MTA would store it: without
// SMFIP_HDR_LEADSPC sendmail puts one space after the colon; with it the value
// is taken verbatim ("NAME:VALUE"). Control bytes print as \r \n \t \xHH.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "util/result.hpp"
#include "wire.hpp"

namespace mp::miltclient {

using Reply = Packet;

// Ends the answer to one command (everything else is an EOM action or progress).
bool is_final(char code);
// Modification actions, valid only in answer to end-of-message.
bool is_action(char code);
Result<void> check(const Reply& r);
std::string describe(const Reply& r, bool leadspc);
// First word of describe(): the kind counted by load mode.
std::string kind_name(const Reply& r);
std::string escape(std::string_view s);
std::string action_flag_names(std::uint32_t actions);
std::string protocol_flag_names(std::uint32_t protocol);

}  // namespace mp::miltclient
