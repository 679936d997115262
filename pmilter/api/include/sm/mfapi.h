/* sm/mfapi.h -- milterpack's in-tree libpmilter API (NOT MeTA1's header).
 * pmult's configure requires it; everything lives in sm/pmfapi.h here. */
#ifndef SM_MFAPI_H
#define SM_MFAPI_H
#include "sm/pmfapi.h"
#endif
