// owner.hpp: the directory root prepares for the unprivileged daemon user
// (the LMDB greylisting store), and check-config's read-only look at it.
//
// Guarantees: root never opens, creates or chowns anything *inside* such a
// directory (the user can write there and could plant links); it creates the
// directory itself only when missing, opens it with O_NOFOLLOW and chowns it by
// descriptor. The daemon opens the files in it only after dropping to the user.
#pragma once
#include <string>
#include <vector>

#include "util/result.hpp"

namespace mp::util {

// Create `dir` (mode 0750) when missing and give it to `user` and its group.
// Nothing to do (success) when not root or when `user` or `dir` is empty. A
// symlink in place of the directory, or an unknown user, is an error.
Result<void> prepare_user_dir(const std::string& user, const std::string& dir);

// check-config's view of `dir` for `user`, without creating or opening
// anything in it: one warning per problem (missing, not a directory, a link,
// not owned by the user). Empty when all is well or `dir` is empty.
std::vector<std::string> check_user_dir(const std::string& user, const std::string& dir);

// Switch the whole process to `user` (supplementary groups, gid, uid) and
// verify that root cannot be regained. Success without change when not root.
Result<void> become_user(const std::string& user);

}  // namespace mp::util
