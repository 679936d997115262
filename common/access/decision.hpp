// decision.hpp: what an access check decides, before the policy layer turns
// it into a verdict::Verdict. Also two of the sendmail X README's smtps
// flags: delay_checks and soft_bounce; every module rejecting at SMTP time
// applies soft_bounce the same way, through reject_decision()
// (verdict::soft_bounced does the rewrite).
#pragma once
#include <string>

#include "access/rhs.hpp"

namespace mp::access {

struct Flags {
    bool delay_checks = false;  // connect/MAIL rejections are returned at RCPT instead
    bool soft_bounce = false;   // every 5yz becomes 4yz, 5.x.x becomes 4.x.x
};

struct Decision {
    enum class Kind {
        None,                // nothing decided: go on with the next check
        Ok,                  // ok: accept this command (skip further access checks for it)
        Relay,               // relay: same, and for a session: relaying client
        Reject,              // 5yz
        Tempfail,            // 4yz (error:4yz, or any rejection under soft_bounce)
        DiscardSession,      // discard every transaction of the session
        DiscardTransaction,  // discard this transaction (MAIL discard, RCPT quick:discard)
        DiscardRcpt,         // discard this recipient only
    };
    Kind kind = Kind::None;
    verdict::Reply reply;   // Reject and Tempfail
    std::string matched;    // "LHS<tab>RHS" of the deciding entry, for the log line; "" if none
    std::string stage;      // where that entry was looked up: connect, tls, mail, rcpt
    bool delayed = false;   // None now because of delay_checks; returned again at RCPT
    bool trusted = false;   // the session is ok/relay (skip greylisting and similar checks)

    bool decided() const { return kind != Kind::None; }
};
const char* kind_name(Decision::Kind k);

// A Reject/Tempfail decision for `reply`, soft-bounced when flags say so.
Decision reject_decision(verdict::Reply reply, const Flags& flags);

}  // namespace mp::access
