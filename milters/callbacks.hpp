// callbacks.hpp: the smfiDesc that connects libmilter to the policy core.
// register_filter() must be called once, before smfi_main(), with the Runtime
// that outlives the filter.
#pragma once
#include "policy/engine.hpp"

namespace mp::milters {

// smfi_register() with every callback; false when libmilter refuses.
bool register_filter(policy::Runtime& runtime);

}  // namespace mp::milters
