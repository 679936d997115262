// test_milters_negotiate.cpp: step plans in SMFIC_OPTNEG flags
// (milters/negotiate.hpp): NO* for steps never read, NR_* for steps read but
// never answered, nothing the MTA did not offer.
#include <doctest/doctest.h>

#include <libmilter/mfapi.h>
#include <libmilter/mfdef.h>

#include "milters/negotiate.hpp"

using mp::milters::protocol_flags;
using mp::policy::Modules;
using mp::policy::plan_steps;

namespace {

constexpr unsigned long kSendmail = SMFI_CURR_PROT | SMFIP_MDS_256K | SMFIP_MDS_1M;  // sendmail 8.17's offer
constexpr unsigned long kAlways = SMFIP_HDR_LEADSPC | SMFIP_SKIP | SMFIP_MDS_1M | SMFIP_NOUNKNOWN | SMFIP_NOEOH |
                                  SMFIP_NODATA;

}  // namespace

TEST_CASE("protocol flags per configuration, as sendmail 8.17 offers them") {
    struct Row {
        const char* name;
        Modules m;
        unsigned long want;
    };
    const Row rows[] = {
        {"signing only: one reply, at end-of-data", {.signer = true},
         kAlways | SMFIP_NR_CONN | SMFIP_NOHELO | SMFIP_NR_MAIL | SMFIP_NORCPT | SMFIP_NR_HDR | SMFIP_NR_BODY},
        {"access map: envelope answered, no content", {.access = true},
         kAlways | SMFIP_NOHDRS | SMFIP_NOBODY},
        {"greylisting at DATA", {.greylist = true, .greylist_at_data = true},
         (kAlways & ~SMFIP_NODATA) | SMFIP_NR_CONN | SMFIP_NOHELO | SMFIP_NR_MAIL | SMFIP_NOHDRS | SMFIP_NOBODY},
        {"scanners", {.scanners = true},
         kAlways | SMFIP_NR_CONN | SMFIP_NR_HELO | SMFIP_NR_MAIL | SMFIP_NR_RCPT | SMFIP_NR_HDR | SMFIP_NR_BODY},
    };
    for (const auto& r : rows) {
        CAPTURE(r.name);
        CHECK(protocol_flags(plan_steps(r.m), kSendmail) == r.want);
    }
}

TEST_CASE("only offered flags are requested") {
    const unsigned long v2 = SMFIP_NOCONNECT | SMFIP_NOHELO | SMFIP_NOMAIL | SMFIP_NORCPT | SMFIP_NOBODY | SMFIP_NOHDRS;
    CHECK(protocol_flags(plan_steps(Modules{.signer = true}), v2) == (SMFIP_NOHELO | SMFIP_NORCPT));
    CHECK(protocol_flags(plan_steps(Modules{.signer = true}), 0) == 0);
    CHECK(mp::milters::no_reply_bit(mp::policy::Step::eom) == 0);
    CHECK(mp::milters::no_reply_bit(mp::policy::Step::body) == SMFIP_NR_BODY);
}
