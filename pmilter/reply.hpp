// reply.hpp: a policy Verdict as libpmilter wants it: an SMTP_R_* return code
// and, for a refusal, the full reply line for sm_pmfi_setreply(). Pure.
//
//   Continue -> SMTP_R_CONT        Accept  -> SMTP_R_ACCEPT
//   Discard  -> SMTP_R_DISCARD     Reject  -> SMTP_R_PERM (SMTP_R_TEMP for a 4xx code)
//   Tempfail -> SMTP_R_TEMP
//   Quarantine -> SMTP_R_TEMP: the libpmilter API has no quarantine, and
//     holding the message at the sender's side is the only choice that
//     neither delivers nor loses it (the caller logs that decision).
// The line is "<rcode> <xcode> <text>\r\n" with the policy's exact code,
// enhanced code and text (control bytes in the text become '?'); without a
// policy code the texts sendmail 8 uses for a milter's reject and tempfail.
#pragma once
#include <string>
#include <string_view>

#include "pmilter/vocab.hpp"
#include "sm/pmilter.h"

namespace mp::pmilter {

struct Reply {
    sfsistat_T code;
    std::string line;  // "" = no sm_pmfi_setreply() call
};

Reply reply_for(const Verdict& v);
// "550 5.7.1 text\r\n"; xcode and text may be empty.
std::string reply_line(std::string_view rcode, std::string_view xcode, std::string_view text);
// The reply for an internal error (an exception, a missing session).
Reply internal_error();

}  // namespace mp::pmilter
