/*
 * sm/pmilter.h -- milterpack's in-tree implementation of the libpmilter API
 * (NOT MeTA1's header): the types a pmilter is written with.
 *
 * Contexts: pmg_ctx_P is the library (one per process), pmss_ctx_P one
 * smtps connection (seen only by negotiate), pmse_ctx_P one SMTP session.
 *
 * This implementation's sm_sockaddr_T also has a sin6 member (IPv6 clients).
 * MeTA1's may not (pmult documents IPv4 only): a pmilter tests for the member
 * at build time (milterpack: HAVE_SM_SOCKADDR_SIN6 from CMake).
 */
#ifndef SM_PMILTER_H
#define SM_PMILTER_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "sm/error.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef int sfsistat_T;

typedef struct pmg_ctx_S *pmg_ctx_P;
typedef struct pmss_ctx_S *pmss_ctx_P;
typedef struct pmse_ctx_S *pmse_ctx_P;

typedef union {
    struct sockaddr sa;
    struct sockaddr_in sin;
    struct sockaddr_in6 sin6;
} sm_sockaddr_T;

/* Registration, handed to sm_pmfi_start(). Positional like pmult's initializer. */
struct pmilter_S {
    const char *pmfi_name;
    uint32_t pmfi_version;   /* LPMILTER_VERSION */
    uint32_t pmfi_scap;      /* SM_SCAP_PM_ALL */
    uint32_t pmfi_fct;       /* unused here; 0 */
    uint32_t pmfi_feat;      /* unused here; 0 */
    uint32_t pmfi_misc;      /* unused here; 0 */
    sm_ret_T (*pmfi_negotiate)(pmss_ctx_P, uint32_t srv_cap, uint32_t srv_fct, uint32_t srv_feat,
                               uint32_t srv_misc, uint32_t *pm_cap, uint32_t *pm_fct, uint32_t *pm_feat,
                               uint32_t *pm_misc);
    sfsistat_T (*pmfi_connect)(pmse_ctx_P, const char *hostname, sm_sockaddr_T *hostaddr);
    sfsistat_T (*pmfi_helo)(pmse_ctx_P, const char *helohost, bool ehlo);
    sfsistat_T (*pmfi_mail)(pmse_ctx_P, const char *mail, char **argv);
    sfsistat_T (*pmfi_rcpt)(pmse_ctx_P, const char *rcpt, char **argv);
    sfsistat_T (*pmfi_data)(pmse_ctx_P);
    sfsistat_T (*pmfi_msg)(pmse_ctx_P, unsigned char *buf, size_t len);
    sfsistat_T (*pmfi_eom)(pmse_ctx_P);
    sm_ret_T (*pmfi_abort)(pmse_ctx_P);
    sm_ret_T (*pmfi_close)(pmse_ctx_P);
    sfsistat_T (*pmfi_unknown)(pmse_ctx_P, const char *cmd);
    sm_ret_T (*pmfi_signal)(pmg_ctx_P, int sig);
    sfsistat_T (*pmfi_starttls)(pmse_ctx_P);  /* unknown signature in MeTA1; NULL */
    sfsistat_T (*pmfi_auth)(pmse_ctx_P);      /* unknown signature in MeTA1; NULL */
    sfsistat_T (*pmfi_msg_rplc)(pmse_ctx_P, const unsigned char **pmsgchunk, size_t *pmsglen);
    sfsistat_T (*pmfi_msg_rplc_stat)(pmse_ctx_P, sm_ret_T status);
    unsigned int pmfi_thrmax_s;  /* soft thread limit; 0 = library default */
    unsigned int pmfi_thrmax_h;  /* hard thread limit; 0 = library default */
    unsigned int pmfi_fdmax;     /* smtps connections; 0 = library default */
};
typedef struct pmilter_S pmilter_T;

#ifdef __cplusplus
}
#endif
#endif
