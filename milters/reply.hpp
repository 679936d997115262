// reply.hpp: a verdict::Verdict turned into libmilter calls and an SMFIS_*
// code. The mapping itself is pure (answer_for, header_value, reply_text),
// so it is unit-tested without an MTA; apply()/apply_eom() only make the
// smfi_* calls it names.
#pragma once
#include <libmilter/mfapi.h>

#include <optional>
#include <string>
#include <string_view>

#include "verdict/verdict.hpp"

namespace mp::milters {

// What a stage answers: the SMFIS_* code, and the smfi_setreply arguments
// when there are any (an empty xcode or text is passed as NULL; the text is
// already made safe by reply_text). Only Reject and Tempfail with a reply
// code set one. A Reject with a 4yz reply tempfails (SMFIS_REJECT would make
// sendmail give 5yz); Quarantine goes on (SMFIS_CONTINUE), smfi_quarantine
// does the rest.
struct Answer {
    sfsistat code = SMFIS_CONTINUE;
    std::optional<verdict::Reply> setreply;
    bool operator==(const Answer&) const = default;
};
Answer answer_for(const verdict::Verdict& v);

// For every stage: reply text (smfi_setreply) and the return code.
sfsistat apply(SMFICTX* ctx, const verdict::Verdict& v);
// At end-of-message only: header edits, recipient edits and quarantine, then
// apply(). The header value is passed as header_value() gives it.
sfsistat apply_eom(SMFICTX* ctx, const verdict::Verdict& v, bool leadspc);
// With SMFIP_HDR_LEADSPC (`leadspc`) sendmail stores a value as given, so a
// value without its leading space gets one; without it sendmail adds the
// space itself, so one is taken off.
std::string header_value(std::string value, bool leadspc);
// Text made safe for smfi_setreply: a lone '%' makes libmilter drop the whole
// text, CR/LF make the call fail, so '%' is doubled and control bytes become '?'.
std::string reply_text(std::string_view text);

}  // namespace mp::milters
