// check_daemon.cpp: daemon_findings() and as_user(). See check.hpp.
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "cli/check.hpp"
#include "greylist/options.hpp"
#include "util/endpoint.hpp"
#include "util/owner.hpp"
#include "util/raii.hpp"

namespace mp::cli {

void Findings::add(const Findings& f) {
    errors.insert(errors.end(), f.errors.begin(), f.errors.end());
    warnings.insert(warnings.end(), f.warnings.begin(), f.warnings.end());
}

namespace {

std::string at(const config::Section* sec, const std::string& file, std::string_view option) {
    if (!sec) return config::Location{file, 1, 1}.str();
    return (sec->is_set(option) ? sec->where(option) : sec->where()).str();
}

// One front door's section (`name`): its user, group and socket.
void check_door(const config::Section* sec, const std::string& file, std::string_view name, Findings& f) {
    std::string user = sec ? sec->str("user") : "";
    bool allow_root = sec && sec->boolean("allow_root");
    std::string where = at(sec, file, "user");
    if (user.empty() && !allow_root && ::geteuid() == 0)
        f.errors.push_back(where + ": " + std::string(name) + " has no user: started as root, the daemon refuses to run " +
                           "(set user = NAME; or allow_root = yes;)");
    if (!user.empty() && !::getpwnam(user.c_str()))
        f.errors.push_back(where + ": user '" + user + "' does not exist");
    std::string group = sec ? sec->str("socket_group") : "";
    if (!group.empty() && !::getgrnam(group.c_str()))
        f.errors.push_back(at(sec, file, "socket_group") + ": group '" + group + "' does not exist");
    if (name != "milter") return;
    std::string sock = sec ? sec->str("socket") : "";
    auto s = util::parse_socket(sock, {.numeric_host = false, .host_optional = true, .bare_path = true});
    if (sec && !s) f.errors.push_back(at(sec, file, "socket") + ": " + s.error().message);
}

}  // namespace

std::string daemon_user(const config::Section& root) {
    const auto* m = root.section("milter");
    const auto* p = root.section("pmilter");
    std::string user = m ? m->str("user") : "";
    return user.empty() && p ? p->str("user") : user;
}

Findings store_dir_findings(const config::Config& cfg, const std::string& user) {
    const auto* g = cfg.root().section("greylisting");
    if (!g || g->word("store") == "redis") return {};
    const bool journal = g->word("store") == "journal";
    const auto* sec = g->section(journal ? "journal" : "lmdb");
    std::string where = at(sec ? sec : g, cfg.file(), "path") + ": ";
    const std::string dir = sec ? sec->str("path") : journal ? greylist::JournalOptions().path : greylist::LmdbOptions().path;
    struct stat st {};
    if (::lstat(dir.c_str(), &st) == 0) {
        if (S_ISLNK(st.st_mode)) return {{where + dir + ": is a symbolic link; the daemon refuses it"}, {}};
        if (!S_ISDIR(st.st_mode)) return {{where + dir + ": is not a directory"}, {}};
        struct passwd* pw = user.empty() ? nullptr : ::getpwnam(user.c_str());
        if (pw && st.st_uid != pw->pw_uid)
            return {{}, {where + dir + ": owned by uid " + std::to_string(st.st_uid) + ", not by the user '" + user +
                         "' (the daemon gives it to that user at start)"}};
        return {};
    }
    std::string why = std::strerror(errno);
    std::string parent = dir.substr(0, dir.find_last_of('/'));
    if (!parent.empty() && ::stat(parent.c_str(), &st) != 0)
        return {{where + dir + ": " + why + ", and the daemon cannot create it: " + parent + ": " + std::strerror(errno)}, {}};
    return {{}, {where + dir + ": " + why + " (the daemon creates it at start for its user)"}};
}

Findings daemon_findings(const config::Config& cfg) {
    Findings f;
    const auto& root = cfg.root();
    const auto* milter = root.section("milter");
    const auto* pmilter = root.section("pmilter");
    if (milter || !pmilter) check_door(milter, cfg.file(), "milter", f);
    if (pmilter) check_door(pmilter, cfg.file(), "pmilter", f);
    return f;
}

namespace {

// The child's findings over the pipe: one "E " or "W " line each (newlines
// inside a message become blanks).
void send(int fd, const Findings& f) {
    std::string out;
    auto put = [&](char kind, std::string s) {
        for (char& c : s)
            if (c == '\n') c = ' ';
        out += std::string(1, kind) + " " + s + "\n";
    };
    for (const auto& e : f.errors) put('E', e);
    for (const auto& w : f.warnings) put('W', w);
    for (size_t done = 0; done < out.size();) {
        ssize_t n = ::write(fd, out.data() + done, out.size() - done);
        if (n <= 0) return;
        done += size_t(n);
    }
}

Findings receive(int fd) {
    std::string in;
    char buf[4096];
    for (ssize_t n; (n = ::read(fd, buf, sizeof buf)) != 0;) {
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) break;
        in.append(buf, size_t(n));
    }
    Findings f;
    for (size_t pos = 0, nl; (nl = in.find('\n', pos)) != std::string::npos; pos = nl + 1) {
        std::string line = in.substr(pos, nl - pos);
        if (line.size() < 2) continue;
        (line[0] == 'E' ? f.errors : f.warnings).push_back(line.substr(2));
    }
    return f;
}

}  // namespace

Findings as_user(const std::string& user, const std::function<Findings()>& fn) {
    if (user.empty() || ::geteuid() != 0) return fn();
    int p[2];
    if (::pipe2(p, O_CLOEXEC) != 0) return {{std::string("pipe: ") + std::strerror(errno)}, {}};
    util::Fd rd(p[0]), wr(p[1]);
    std::fflush(nullptr);
    pid_t pid = ::fork();
    if (pid < 0) return {{std::string("fork: ") + std::strerror(errno)}, {}};
    if (pid == 0) {
        rd.reset();
        auto r = util::become_user(user);
        send(wr.get(), r ? fn() : Findings{{"checking as user '" + user + "': " + r.error().message}, {}});
        ::_exit(0);
    }
    wr.reset();
    Findings f = receive(rd.get());
    int st = 0;
    while (::waitpid(pid, &st, 0) < 0 && errno == EINTR) {
    }
    if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
        f.errors.push_back("the check as user '" + user + "' did not finish (status " + std::to_string(st) + ")");
    return f;
}

}  // namespace mp::cli
