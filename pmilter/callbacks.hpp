// callbacks.hpp: the pmilter_T that connects libpmilter to the policy core.
// registration() must be called once, before sm_pmfi_start(), with the
// Runtime that outlives the library.
#pragma once
#include "policy/engine.hpp"
#include "sm/error.h"
#include "sm/pmilter.h"

namespace mp::pmilter {

struct Limits {
    unsigned int threads_soft = 0;  // 0: the library's default
    unsigned int threads_hard = 0;
    unsigned int max_connections = 0;
};

// Every callback set; the limits go into the struct where the API has the
// members (HAVE_STRUCT_PMILTER_S_PMFI_*), otherwise they are logged as unused.
pmilter_T* registration(policy::Runtime& runtime, const Limits& limits);
// Sessions are served once this is called (after the privilege drop opened the
// stores); before, each session is tempfailed.
void set_ready();

}  // namespace mp::pmilter
