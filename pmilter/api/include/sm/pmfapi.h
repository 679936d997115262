/*
 * sm/pmfapi.h -- milterpack's in-tree implementation of the libpmilter API
 * (NOT MeTA1's header): the functions, with the arguments pmult passes.
 */
#ifndef SM_PMFAPI_H
#define SM_PMFAPI_H

#include "sm/error.h"
#include "sm/pmfdef.h"
#include "sm/pmilter.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Start-up, in this order; sm_pmfi_start blocks while the library serves. */
sm_ret_T sm_pmfi_init(pmg_ctx_P *pmg_ctx);
sm_ret_T sm_pmfi_version(pmg_ctx_P pmg_ctx, uint32_t *major, uint32_t *minor, uint32_t *patchlevel);
sm_ret_T sm_pmfi_setdbg(pmg_ctx_P pmg_ctx, unsigned int level);
/* "unix:/path", "local:/path", "inet:PORT@ADDR" (IPv4), or a bare path. */
sm_ret_T sm_pmfi_setconn(pmg_ctx_P pmg_ctx, char *spec);
sm_ret_T sm_pmfi_set_ctx_g(pmg_ctx_P pmg_ctx, void *ctx);
sm_ret_T sm_pmfi_start(pmg_ctx_P pmg_ctx, pmilter_T *pmilter);

/* In negotiate: the macros wanted at `stage`, a list ended by PMM_END (at most
 * PM_MACROS_MAX ids). sm_pmfi_setmaclist is the older variadic form. */
sm_ret_T sm_pmfi_setmacs(pmss_ctx_P pmss_ctx, unsigned int stage, uint32_t *macs);
sm_ret_T sm_pmfi_setmaclist(pmss_ctx_P pmss_ctx, unsigned int stage, ...);

/* In a session callback: the value of macro `mac` for the current stage (NULL
 * when smtps has none). The string belongs to the library. */
sm_ret_T sm_pmfi_getmac(pmse_ctx_P pmse_ctx, uint32_t mac, char **value);

void *sm_pmfi_get_ctx_se(pmse_ctx_P pmse_ctx);
sm_ret_T sm_pmfi_set_ctx_se(pmse_ctx_P pmse_ctx, void *ctx);

/* The reply for a TEMP/PERM/SSD return: one full SMTP reply, CRLF-terminated
 * ("550 5.7.1 text\r\n"); multi-line replies as "550-...\r\n550 ...\r\n". */
sm_ret_T sm_pmfi_setreply(pmse_ctx_P pmse_ctx, const char *reply);

/* In eom: change the message header (sm/hdrmoddef.h). */
sm_ret_T sm_pmfi_hdr_mod(pmse_ctx_P pmse_ctx, unsigned int type, uint32_t idx, const unsigned char *line);

/* In eom: add or delete an envelope recipient. The third arguments' meanings
 * are unknown for MeTA1: pass NULL and 0 as pmult does. */
sm_ret_T sm_pmfi_rcpt_add(pmse_ctx_P pmse_ctx, const char *rcpt, const char *argv);
sm_ret_T sm_pmfi_rcpt_del(pmse_ctx_P pmse_ctx, const char *rcpt, uint32_t idx);

#ifdef __cplusplus
}
#endif
#endif
