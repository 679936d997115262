// negotiate.cpp: see negotiate.hpp.
#include "milters/negotiate.hpp"

#include <libmilter/mfapi.h>
#include <libmilter/mfdef.h>

namespace mp::milters {

namespace {

using policy::Step;

struct StepBits {
    Step step;
    unsigned long skip;      // SMFIP_NO*: not sent at all
    unsigned long no_reply;  // SMFIP_NR_*: sent, never answered
};

constexpr StepBits kBits[] = {
    {Step::connect, SMFIP_NOCONNECT, SMFIP_NR_CONN}, {Step::helo, SMFIP_NOHELO, SMFIP_NR_HELO},
    {Step::mail, SMFIP_NOMAIL, SMFIP_NR_MAIL},       {Step::rcpt, SMFIP_NORCPT, SMFIP_NR_RCPT},
    {Step::data, SMFIP_NODATA, SMFIP_NR_DATA},       {Step::unknown, SMFIP_NOUNKNOWN, SMFIP_NR_UNKN},
    {Step::header, SMFIP_NOHDRS, SMFIP_NR_HDR},      {Step::eoh, SMFIP_NOEOH, SMFIP_NR_EOH},
    {Step::body, SMFIP_NOBODY, SMFIP_NR_BODY},
};

}  // namespace

unsigned long protocol_flags(const policy::StepPlan& plan, unsigned long offered) {
    // Header values with their leading space: DKIM and scanners need the exact bytes.
    unsigned long want = SMFIP_HDR_LEADSPC | SMFIP_SKIP;
    for (const auto& b : kBits) {
        if (!plan.sends(b.step)) want |= b.skip;
        else if (!plan.replies_at(b.step)) want |= b.no_reply;
    }
    // Packets over 64 KB (a long header field): the largest size offered.
    want |= (offered & SMFIP_MDS_1M) ? SMFIP_MDS_1M : SMFIP_MDS_256K;
    return offered & want;
}

unsigned long no_reply_bit(Step s) {
    for (const auto& b : kBits)
        if (b.step == s) return b.no_reply;
    return 0;
}

}  // namespace mp::milters
