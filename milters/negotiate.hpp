// negotiate.hpp: the policy's step plan (policy/steps.hpp) in SMFIC_OPTNEG
// terms. A step the configuration never reads is skipped (SMFIP_NO*); a step
// it reads but at which it can never decide is sent without waiting for a
// reply (SMFIP_NR_*); only what the MTA offered is requested. Pure, so it is
// unit-tested without an MTA; callbacks.cpp calls it from xxfi_negotiate.
#pragma once
#include "policy/steps.hpp"

namespace mp::milters {

// The protocol flags to request, given the MTA's offer (which libmilter
// extends by the SMFIP_NR_* bits it can fake for an older MTA).
unsigned long protocol_flags(const policy::StepPlan& plan, unsigned long offered);
// The SMFIP_NR_* bit of a step (0 for end-of-data, which always replies).
unsigned long no_reply_bit(policy::Step s);

}  // namespace mp::milters
