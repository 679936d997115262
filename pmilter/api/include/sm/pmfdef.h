/*
 * sm/pmfdef.h -- milterpack's in-tree implementation of the libpmilter API
 * (NOT MeTA1's header): SMTP stages, macro ids, limits, capability words.
 * Values are our own; use the names only.
 */
#ifndef SM_PMFDEF_H
#define SM_PMFDEF_H

#include <stdint.h>

/* Stages for which macros are requested (sm_pmfi_setmacs) and fetched. */
#define PM_SMST_CONNECT 0
#define PM_SMST_EHLO 1
#define PM_SMST_MAIL 2
#define PM_SMST_RCPT 3
#define PM_SMST_DATA 4
#define PM_SMST_DOT 5
#define PM_SMST_MAX 6

/* At most this many macros per stage (MeTA1 <= 1.0.PreAlpha28.0 had 8). */
#define PM_MACROS_MAX 8

/* Macro ids (uint32_t). A list ends with PMM_END. */
#define PMM_END 0u
#define PMM_SEID 1u              /* session id (any stage) */
#define PMM_SRVHOSTNAME 2u       /* the server's host name */
#define PMM_CLIENT_RESOLVE 3u    /* OK, FAIL, FORGED, TEMP */
#define PMM_TLS_VERSION 10u      /* tls_* only after STARTTLS */
#define PMM_TLS_CIPHER_SUITE 11u
#define PMM_TLS_CIPHER_BITS 12u
#define PMM_TLS_CERT_SUBJECT 13u
#define PMM_TLS_CERT_ISSUER 14u
#define PMM_TLS_ALG_BITS 15u
#define PMM_TLS_VRFY 16u         /* OK when the client certificate verified */
#define PMM_TLS_CN_SUBJECT 17u
#define PMM_TLS_CN_ISSUER 18u
#define PMM_AUTH_TYPE 20u        /* auth_* after a successful AUTH */
#define PMM_AUTH_AUTHEN 21u
#define PMM_AUTH_AUTHOR 22u
#define PMM_MAIL_TAID 30u        /* transaction id: MAIL and later */
#define PMM_DOT_MSGID 40u        /* DOT only */
#define PMM_DOT_HOPS 41u         /* DOT only */

/* Capability word of pmilter_T (field 3): everything this pmilter can do. */
#define SM_SCAP_PM_ALL 0xffffffffu

/* Chunk size smtps uses for msg (and a pmilter may use for msg_rplc). */
#define PMILTER_CHUNK_SIZE 8192

/* Library version: compile time (pmilter_T field 2) and sm_pmfi_version(). */
#define LPMILTER_VERSION_MAJOR 1
#define LPMILTER_VERSION_MINOR 0
#define LPMILTER_VERSION_PATCHLEVEL 0
#define LPMILTER_VERSION ((LPMILTER_VERSION_MAJOR << 24) | (LPMILTER_VERSION_MINOR << 16) | LPMILTER_VERSION_PATCHLEVEL)

#endif
