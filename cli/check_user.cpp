// check_user.cpp: user_findings(), run as the daemon's user. See check.hpp.
#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "cli/check.hpp"
#include "greylist/options.hpp"
#include "util/endpoint.hpp"
#include "util/raii.hpp"

namespace mp::cli {

namespace {

std::string errno_text() { return std::strerror(errno); }

// Where `option` of `sec` is written (the section when it is not).
std::string at(const config::Section& sec, std::string_view option) {
    return (sec.is_set(option) ? sec.where(option) : sec.where()).str();
}

// Connect within 3 s; the reason when that fails.
std::string unreachable(const util::Endpoint& ep) {
    util::Fd fd(::socket(ep.addr.ss_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
    if (!fd) return "socket: " + errno_text();
    if (::connect(fd.get(), reinterpret_cast<const sockaddr*>(&ep.addr), ep.len) == 0) return "";
    if (errno != EINPROGRESS) return errno_text();
    pollfd p{fd.get(), POLLOUT, 0};
    if (::poll(&p, 1, 3000) != 1) return "no answer within 3 s";
    int err = 0;
    socklen_t len = sizeof err;
    ::getsockopt(fd.get(), SOL_SOCKET, SO_ERROR, &err, &len);
    return err ? std::strerror(err) : "";
}

// The LMDB files the daemon opens read-write as this user.
void lmdb_files(const config::Section& lmdb, const std::string& dir, Findings& f) {
    struct stat st {};
    if (dir.empty() || ::stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) return;
    if (st.st_uid != ::geteuid() && (st.st_mode & (S_IWUSR | S_IXUSR)) != (S_IWUSR | S_IXUSR))
        f.errors.push_back(at(lmdb, "path") + ": " + dir + ": mode " + std::to_string(st.st_mode & 07777) +
                           " gives its owner no write access (the daemon makes its user the owner)");
    for (const char* name : {"data.mdb", "lock.mdb"}) {
        std::string file = dir + "/" + name;
        if (::access(file.c_str(), F_OK) != 0 && errno == ENOENT) continue;
        if (::access(file.c_str(), R_OK | W_OK) != 0)
            f.errors.push_back(at(lmdb, "path") + ": " + file + ": " + errno_text() +
                               " (the daemon opens it read-write as its user)");
    }
}

void greylist_store(const config::Section& root, Findings& f) {
    const auto* g = root.section("greylisting");
    if (!g) return;
    if (g->word("store") != "redis") {
        const auto* lmdb = g->section("lmdb");
        lmdb_files(lmdb ? *lmdb : *g, lmdb ? lmdb->str("path") : greylist::LmdbOptions().path, f);
        return;
    }
    const auto* r = g->section("redis");
    std::string path = r ? r->str("path") : "";
    std::string addr = r ? r->str("address") : "127.0.0.1";
    long port = r ? long(r->num("port")) : 6379;
    std::string family = addr.find(':') != std::string::npos ? "inet6:" : "inet:";
    std::string spec = path.empty() ? family + std::to_string(port) + "@" + addr : "unix:" + path;
    auto ep = util::Endpoint::parse(spec);
    std::string where = r ? (r->is_set("path") ? r->where("path") : r->where("address")).str() : g->where().str();
    std::string why = ep ? unreachable(*ep) : ep.error().message;
    if (!why.empty()) f.warnings.push_back(where + ": redis at " + spec + " cannot be reached: " + why);
}

void scanners(const config::Section& root, Findings& f) {
    for (const auto* s : root.sections("scanner")) {
        std::string spool = s->str("spool_dir");
        bool spools = s->word("type") == "amavisd" || s->word("transfer") == "fdpass";
        if (spools && !spool.empty() && ::access(spool.c_str(), W_OK | X_OK) != 0)
            f.errors.push_back(at(*s, "spool_dir") + ": " + spool + ": " + errno_text() +
                               " (the daemon's user writes each message there for the scanner)");
        auto ep = util::Endpoint::parse(s->str("socket"));
        std::string why = ep ? unreachable(*ep) : ep.error().message;
        if (!why.empty())
            f.warnings.push_back(at(*s, "socket") + ": scanner " + s->str("socket") + " cannot be reached: " + why);
    }
}

}  // namespace

Findings user_findings(const std::string& path) {
    Findings f;
    auto cfg = config::load(path, policy::root_schema());
    if (!cfg) {
        for (auto& e : cfg.error().errors) f.errors.push_back(e + "; SIGUSR1 reloads read it as the daemon's user");
        return f;
    }
    greylist_store(cfg->root(), f);
    scanners(cfg->root(), f);
    auto again = policy::Engine::create(std::move(*cfg), nullptr, false);
    if (!again) f.errors.insert(f.errors.end(), again.error().errors.begin(), again.error().errors.end());
    return f;
}

}  // namespace mp::cli
