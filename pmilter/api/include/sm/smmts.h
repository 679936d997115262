/* sm/smmts.h -- milterpack's in-tree libpmilter API (NOT MeTA1's header).
 * pmult's configure requires it; it holds nothing this implementation needs. */
#ifndef SM_SMMTS_H
#define SM_SMMTS_H
#endif
