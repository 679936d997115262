/*
 * sm/error.h -- milterpack's in-tree implementation of the libpmilter API
 * (NOT MeTA1's header). Written from the public description of the API (the
 * names as mailfromd's pmult uses them); every numeric value below is our own
 * choice. Code written against these names must never depend on the values:
 * built with -DMILTERPACK_META1_PREFIX=DIR, MeTA1's own sm/error.h is used.
 *
 * sm_ret_T: a status; SM_SUCCESS or an error, tested with sm_is_err().
 */
#ifndef SM_ERROR_H
#define SM_ERROR_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef int32_t sm_ret_T;

#define SM_SUCCESS 0
/* Errors are negative: an error class in the high bits, errno-like detail low. */
#define SM_ERR_BASE ((sm_ret_T)0x80000000)
#define sm_error_perm(detail) ((sm_ret_T)(SM_ERR_BASE | 0x01000000 | ((detail) & 0xffff)))
#define sm_error_temp(detail) ((sm_ret_T)(SM_ERR_BASE | 0x02000000 | ((detail) & 0xffff)))
#define sm_is_err(r) ((r) < 0)

/* Text for an error status, or NULL when none is known. */
const char *smerr2txt(sm_ret_T r);

#ifdef __cplusplus
}
#endif
#endif
