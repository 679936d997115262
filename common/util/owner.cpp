// owner.cpp: see owner.hpp.
#include "util/owner.hpp"

#include <pwd.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace mp::util {

Result<void> give_to_user(const std::string& user, const std::vector<std::string>& paths) {
    if (user.empty() || ::geteuid() != 0) return {};
    struct passwd* pw = ::getpwnam(user.c_str());
    if (!pw) return fail("user '" + user + "' does not exist");
    for (const auto& p : paths)
        if (::access(p.c_str(), F_OK) == 0 && ::chown(p.c_str(), pw->pw_uid, pw->pw_gid) != 0)
            return fail("chown " + p + ": " + std::strerror(errno));
    return {};
}

}  // namespace mp::util
