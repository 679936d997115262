// reply.hpp: a policy Verdict turned into libmilter calls and an SMFIS_* code.
#pragma once
#include <libmilter/mfapi.h>

#include <string>

#include "policy/verdict.hpp"

namespace mp::milters {

// For every stage: reply text (smfi_setreply) and the return code.
sfsistat apply(SMFICTX* ctx, const policy::Verdict& v);
// At end-of-message only: header edits, recipient edits and quarantine, then
// apply(). With SMFIP_HDR_LEADSPC (`leadspc`) sendmail stores a value as given,
// so a value without its leading space gets one; without it sendmail adds the
// space itself, so one is taken off.
sfsistat apply_eom(SMFICTX* ctx, const policy::Verdict& v, bool leadspc);
// Text made safe for smfi_setreply: a lone '%' makes libmilter drop the whole
// text, CR/LF make the call fail, so '%' is doubled and control bytes become '?'.
std::string reply_text(std::string_view text);

}  // namespace mp::milters
