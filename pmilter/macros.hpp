// macros.hpp: the MeTA1 macros milterpack reads, requested per stage in the
// negotiate callback and read in the session callbacks. Only what the policy
// reads, at most PM_MACROS_MAX per stage (checked at compile time):
//   CONNECT  PMM_SEID (the log's id until MAIL), PMM_CLIENT_RESOLVE
//   EHLO     PMM_TLS_VRFY, PMM_TLS_CERT_ISSUER, PMM_TLS_CERT_SUBJECT,
//            PMM_TLS_VERSION (a rule's `tls = any`)
//   MAIL     PMM_MAIL_TAID (the log's id from MAIL on), PMM_AUTH_AUTHEN
//            (authenticated-session exemptions), and the four TLS macros
//            again, in case smtps calls no EHLO callback after STARTTLS
// With sm_pmfi_setmacs (HAVE_SM_PMFI_SETMACS) one call per stage; older
// MeTA1 has only the variadic sm_pmfi_setmaclist, as pmult's configure finds.
#pragma once
#include <cstdint>
#include <span>
#include <string>

#include "policy/facts.hpp"
#include "sm/error.h"
#include "sm/pmfdef.h"
#include "sm/pmilter.h"

// MeTA1 before 1.0.0.0 called the per-stage limit PM_MAX_MACROS.
#if !defined(PM_MACROS_MAX) && defined(PM_MAX_MACROS)
#define PM_MACROS_MAX PM_MAX_MACROS
#endif

namespace mp::pmilter {

inline constexpr size_t kStageMacrosMax = 6;  // the longest list below
static_assert(kStageMacrosMax <= PM_MACROS_MAX, "more macros per stage than libpmilter accepts");

struct StageMacros {
    unsigned int stage;                  // PM_SMST_*
    uint32_t ids[kStageMacrosMax + 1];   // ended by PMM_END (the rest PMM_END too)
};

// The table above, one row per stage that needs macros.
std::span<const StageMacros> stage_macros();

// In negotiate: ask smtps for the table; the first error, or SM_SUCCESS.
sm_ret_T request_macros(pmss_ctx_P ctx);
// In a session callback: the macro's value, "" when smtps has none.
std::string macro(pmse_ctx_P ctx, uint32_t id);
policy::TlsFacts tls_facts(pmse_ctx_P ctx);

}  // namespace mp::pmilter
