// vocab.hpp: the one place where the pmilter adapter names the policy core's
// verdict vocabulary. Every other file of pmilter/ writes pmilter::Verdict,
// pmilter::Action and pmilter::HeaderEdit, so moving those types to another
// namespace is a change of these lines only.
#pragma once
#include "policy/verdict.hpp"

namespace mp::pmilter {

using Verdict = policy::Verdict;
using Action = policy::Action;
using HeaderEdit = policy::HeaderEdit;

}  // namespace mp::pmilter
