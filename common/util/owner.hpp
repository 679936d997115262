// owner.hpp: handing files created as root to the unprivileged daemon user
// (the LMDB store opened before the privilege drop, or by check-config).
#pragma once
#include <string>
#include <vector>

#include "util/result.hpp"

namespace mp::util {

// chown each existing path to `user` and its group. Nothing to do (success)
// when not root or when `user` is empty; an unknown user is an error.
Result<void> give_to_user(const std::string& user, const std::vector<std::string>& paths);

}  // namespace mp::util
