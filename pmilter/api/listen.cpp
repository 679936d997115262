// listen.cpp: see listen.hpp. Plain BSD sockets; errors name the spec.
#include "listen.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace mp::pmapi {
namespace {

Result<ListenSpec> parse_inet(std::string_view rest) {
    auto at = rest.find('@');
    if (at == std::string_view::npos || at == 0 || at + 1 == rest.size()) return fail("want inet:PORT@ADDR");
    ListenSpec s{ListenSpec::Kind::Inet, {}, std::string(rest.substr(at + 1)), 0};
    for (char c : rest.substr(0, at)) {
        if (c < '0' || c > '9') return fail("bad port in inet:PORT@ADDR");
        s.port = s.port * 10 + static_cast<unsigned>(c - '0');
        if (s.port > 65535) return fail("port beyond 65535");
    }
    if (s.addr.size() > 2 && s.addr.front() == '[' && s.addr.back() == ']') s.addr = s.addr.substr(1, s.addr.size() - 2);
    in6_addr a6;
    in_addr a4;
    if (inet_pton(AF_INET, s.addr.c_str(), &a4) != 1 && inet_pton(AF_INET6, s.addr.c_str(), &a6) != 1)
        return fail("not an IP address literal: " + s.addr);
    return s;
}

std::string err(const std::string& what) { return what + ": " + std::strerror(errno); }

Result<util::Fd> listen_unix(const std::string& path) {
    sockaddr_un sun{};
    if (path.size() >= sizeof sun.sun_path) return fail("socket path too long: " + path);
    sun.sun_family = AF_UNIX;
    std::memcpy(sun.sun_path, path.c_str(), path.size() + 1);
    struct stat st;
    if (lstat(path.c_str(), &st) == 0) {
        if (!S_ISSOCK(st.st_mode)) return fail(path + " exists and is not a socket");
        util::Fd probe(socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
        if (probe && connect(probe.get(), reinterpret_cast<sockaddr*>(&sun), sizeof sun) == 0)
            return fail(path + " is in use by a running process");
        if (unlink(path.c_str()) != 0) return fail(err("unlink " + path));
    }
    util::Fd fd(socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
    if (!fd) return fail(err("socket"));
    if (bind(fd.get(), reinterpret_cast<sockaddr*>(&sun), sizeof sun) != 0) return fail(err("bind " + path));
    return fd;
}

Result<util::Fd> listen_inet(const ListenSpec& s) {
    sockaddr_storage ss{};
    socklen_t len = 0;
    auto* s4 = reinterpret_cast<sockaddr_in*>(&ss);
    auto* s6 = reinterpret_cast<sockaddr_in6*>(&ss);
    if (inet_pton(AF_INET, s.addr.c_str(), &s4->sin_addr) == 1) {
        s4->sin_family = AF_INET;
        s4->sin_port = htons(static_cast<uint16_t>(s.port));
        len = sizeof *s4;
    } else if (inet_pton(AF_INET6, s.addr.c_str(), &s6->sin6_addr) == 1) {
        s6->sin6_family = AF_INET6;
        s6->sin6_port = htons(static_cast<uint16_t>(s.port));
        len = sizeof *s6;
    } else {
        return fail("not an IP address literal: " + s.addr);
    }
    util::Fd fd(socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0));
    if (!fd) return fail(err("socket"));
    int one = 1;
    setsockopt(fd.get(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (bind(fd.get(), reinterpret_cast<sockaddr*>(&ss), len) != 0)
        return fail(err("bind " + s.addr + " port " + std::to_string(s.port)));
    return fd;
}

}  // namespace

Result<ListenSpec> parse_spec(std::string_view spec) {
    for (std::string_view pfx : {"unix:", "local:"}) {
        if (spec.substr(0, pfx.size()) != pfx) continue;
        auto path = spec.substr(pfx.size());
        if (path.empty() || path[0] != '/') return fail("want " + std::string(pfx) + "/absolute/path");
        return ListenSpec{ListenSpec::Kind::Unix, std::string(path), {}, 0};
    }
    if (spec.substr(0, 5) == "inet:") return parse_inet(spec.substr(5));
    if (!spec.empty() && spec[0] == '/') return ListenSpec{ListenSpec::Kind::Unix, std::string(spec), {}, 0};
    return fail("unknown socket spec \"" + std::string(spec) + "\" (unix:/path, local:/path, inet:PORT@ADDR, /path)");
}

Result<util::Fd> open_listener(const ListenSpec& s) {
    auto fd = s.kind == ListenSpec::Kind::Unix ? listen_unix(s.path) : listen_inet(s);
    if (!fd) return fd;
    if (listen(fd->get(), SOMAXCONN) != 0) return fail(err("listen"));
    return fd;
}

}  // namespace mp::pmapi
