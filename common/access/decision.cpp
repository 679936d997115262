// decision.cpp: see decision.hpp.
#include "access/decision.hpp"

namespace mp::access {

const char* kind_name(Decision::Kind k) {
    using K = Decision::Kind;
    switch (k) {
        case K::None: return "none";
        case K::Ok: return "ok";
        case K::Relay: return "relay";
        case K::Reject: return "reject";
        case K::Tempfail: return "tempfail";
        case K::DiscardSession: return "discard-session";
        case K::DiscardTransaction: return "discard-transaction";
        case K::DiscardRcpt: return "discard-rcpt";
    }
    return "?";
}

Decision reject_decision(verdict::Reply reply, const Flags& flags) {
    Decision d;
    if (flags.soft_bounce) reply = verdict::soft_bounced(std::move(reply));
    d.kind = reply.temporary() ? Decision::Kind::Tempfail : Decision::Kind::Reject;
    d.reply = std::move(reply);
    return d;
}

}  // namespace mp::access
