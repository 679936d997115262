// vocab.hpp: the policy core's verdict vocabulary (common/verdict) as the
// pmilter adapter names it: using-declarations, not copies.
#pragma once
#include "verdict/verdict.hpp"

namespace mp::pmilter {

using verdict::Action;
using verdict::HeaderEdit;
using verdict::Verdict;

}  // namespace mp::pmilter
