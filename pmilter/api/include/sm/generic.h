/* sm/generic.h -- milterpack's in-tree libpmilter API (NOT MeTA1's header).
 * pmult's configure requires it; it holds nothing this implementation needs. */
#ifndef SM_GENERIC_H
#define SM_GENERIC_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#endif
