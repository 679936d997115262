/*
 * sm/hdrmoddef.h -- milterpack's in-tree implementation of the libpmilter API
 * (NOT MeTA1's header): header modification types for sm_pmfi_hdr_mod().
 * Values are our own; use the names only.
 *
 * Semantics of this implementation (as pmult reads the API; unconfirmed for
 * MeTA1):
 *   APPEND   add the line after the last header (index ignored)
 *   INSERT   insert the line before the index-th header (0 = at the top)
 *   REPLACE  replace the header at 0-based position index among all headers
 *   REMOVE   remove the header at 0-based position index among all headers
 * The line is a full header line "Name: value" ending in CRLF.
 */
#ifndef SM_HDRMODDEF_H
#define SM_HDRMODDEF_H

#define SM_HDRMOD_T_NONE 0
#define SM_HDRMOD_T_APPEND 1
#define SM_HDRMOD_T_INSERT 2
#define SM_HDRMOD_T_REPLACE 3
#define SM_HDRMOD_T_REMOVE 4

#endif
