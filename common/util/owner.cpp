// owner.cpp: see owner.hpp.
#include "util/owner.hpp"

#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "util/raii.hpp"
#include "util/strings.hpp"

namespace mp::util {

Result<void> prepare_user_dir(const std::string& user, const std::string& dir) {
    if (user.empty() || dir.empty() || ::geteuid() != 0) return {};
    struct passwd* pw = ::getpwnam(user.c_str());
    if (!pw) return fail("user '" + user + "' does not exist");
    if (::mkdir(dir.c_str(), 0750) != 0 && errno != EEXIST) return fail("cannot create " + dir + ": " + errno_text());
    Fd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (!fd) return fail(dir + ": " + (errno == ELOOP ? "is a symbolic link, not a directory" : errno_text()));
    if (::fchown(fd.get(), pw->pw_uid, pw->pw_gid) != 0) return fail("chown " + dir + ": " + errno_text());
    return {};
}

std::vector<std::string> check_user_dir(const std::string& user, const std::string& dir) {
    if (dir.empty()) return {};
    struct stat st {};
    if (::lstat(dir.c_str(), &st) != 0)
        return {dir + ": " + errno_text() + " (milterpack-milter creates it at start for its user)"};
    if (S_ISLNK(st.st_mode)) return {dir + ": is a symbolic link; milterpack-milter refuses it"};
    if (!S_ISDIR(st.st_mode)) return {dir + ": is not a directory"};
    if (user.empty()) return {};
    struct passwd* pw = ::getpwnam(user.c_str());
    if (!pw) return {"milter user '" + user + "' does not exist"};
    if (st.st_uid != pw->pw_uid)
        return {dir + ": owned by uid " + std::to_string(st.st_uid) + ", not by the milter user '" + user +
                "' (milterpack-milter gives it to that user at start)"};
    return {};
}

Result<void> become_user(const std::string& user) {
    if (::geteuid() != 0) return {};
    struct passwd* pw = ::getpwnam(user.c_str());
    if (!pw) return fail("user '" + user + "' does not exist");
    if (::initgroups(pw->pw_name, pw->pw_gid) != 0 || ::setgid(pw->pw_gid) != 0 || ::setuid(pw->pw_uid) != 0)
        return fail("switching to user '" + user + "': " + errno_text());
    if (::setuid(0) == 0) return fail("privileges were not dropped (setuid(0) still works)");
    return {};
}

}  // namespace mp::util
