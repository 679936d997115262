/*
 * sm/smreplycodes.h -- milterpack's in-tree implementation of the libpmilter
 * API (NOT MeTA1's header): the return codes of pmilter callbacks. Values are
 * our own; use the names only.
 *
 * As pmult uses them:
 *   SMTP_R_CONT     no objection, go on (msg_rplc: "chunk supplied, call again")
 *   SMTP_R_OK       msg: more data wanted (NOT CONT: with CONT smtps would not
 *                   call eom); msg_rplc/msg_rplc_stat: done
 *   SMTP_R_ACCEPT   accept: no further pmilter calls for this transaction
 *   SMTP_R_TEMP     temporary failure; the reply set by sm_pmfi_setreply first
 *   SMTP_R_PERM     permanent failure; the reply set by sm_pmfi_setreply first
 *   SMTP_R_DISCARD  accept the message and throw it away
 *   SMTP_R_SSD      service shutting down: 421 and the session ends
 *   SMTP_R_RPLCMSG  eom: replace the message (pulled through msg_rplc)
 */
#ifndef SM_SMREPLYCODES_H
#define SM_SMREPLYCODES_H

#define SMTP_R_CONT 1
#define SMTP_R_OK 2
#define SMTP_R_ACCEPT 3
#define SMTP_R_TEMP 4
#define SMTP_R_PERM 5
#define SMTP_R_DISCARD 6
#define SMTP_R_SSD 7
#define SMTP_R_RPLCMSG 8

#endif
