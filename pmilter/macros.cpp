// macros.cpp: see macros.hpp.
#include "pmilter/macros.hpp"

#include "sm/pmfapi.h"

namespace mp::pmilter {

namespace {

constexpr uint32_t E = PMM_END;

constexpr StageMacros kMacros[] = {
    {PM_SMST_CONNECT, {PMM_SEID, PMM_CLIENT_RESOLVE, E, E, E, E, E}},
    {PM_SMST_EHLO, {PMM_TLS_VRFY, PMM_TLS_CERT_ISSUER, PMM_TLS_CERT_SUBJECT, PMM_TLS_VERSION, E, E, E}},
    {PM_SMST_MAIL,
     {PMM_MAIL_TAID, PMM_AUTH_AUTHEN, PMM_TLS_VRFY, PMM_TLS_CERT_ISSUER, PMM_TLS_CERT_SUBJECT, PMM_TLS_VERSION, E}},
};

sm_ret_T request(pmss_ctx_P ctx, const StageMacros& m) {
#ifdef HAVE_SM_PMFI_SETMACS
    return sm_pmfi_setmacs(ctx, m.stage, const_cast<uint32_t*>(m.ids));
#else
    // Variadic: the list ends at the first PMM_END, the padding is never read.
    const uint32_t* i = m.ids;
    return sm_pmfi_setmaclist(ctx, m.stage, i[0], i[1], i[2], i[3], i[4], i[5], i[6]);
#endif
}

}  // namespace

std::span<const StageMacros> stage_macros() { return kMacros; }

sm_ret_T request_macros(pmss_ctx_P ctx) {
    for (const auto& m : kMacros)
        if (sm_ret_T r = request(ctx, m); sm_is_err(r)) return r;
    return SM_SUCCESS;
}

std::string macro(pmse_ctx_P ctx, uint32_t id) {
    char* value = nullptr;
    if (sm_pmfi_getmac(ctx, id, &value) != SM_SUCCESS || !value) return {};
    return value;
}

policy::TlsFacts tls_facts(pmse_ctx_P ctx) {
    return {macro(ctx, PMM_TLS_VRFY), macro(ctx, PMM_TLS_CERT_ISSUER), macro(ctx, PMM_TLS_CERT_SUBJECT),
            macro(ctx, PMM_TLS_VERSION)};
}

}  // namespace mp::pmilter
