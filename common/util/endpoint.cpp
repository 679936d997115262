// endpoint.cpp: see endpoint.hpp.
#include "util/endpoint.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/un.h>

#include <charconv>
#include <cstddef>
#include <cstring>

namespace mp::util {

namespace {

using Family = SocketSpec::Family;

Result<SocketSpec> unix_spec(std::string_view path, std::string_view spec) {
    if (path.empty() || path[0] != '/') return fail("unix socket path must be absolute: " + std::string(spec));
    if (path.size() >= sizeof(sockaddr_un{}.sun_path)) return fail("unix socket path too long: " + std::string(spec));
    return SocketSpec{Family::Unix, std::string(path), 0, ""};
}

bool numeric(Family f, const std::string& host) {
    unsigned char buf[sizeof(in6_addr)];
    return inet_pton(f == Family::Inet ? AF_INET : AF_INET6, host.c_str(), buf) == 1;
}

Result<SocketSpec> inet_spec(Family f, std::string_view rest, std::string_view spec, const SocketRules& rules) {
    size_t at = rest.find('@');
    if (at == std::string_view::npos && !rules.host_optional) return fail("expected PORT@ADDRESS: " + std::string(spec));
    std::string_view port_text = rest.substr(0, at);
    unsigned port = 0;
    auto [p, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (ec != std::errc() || p != port_text.data() + port_text.size() || port == 0 || port > 65535)
        return fail("bad port in " + std::string(spec) + " (expected 1 to 65535)");
    SocketSpec s{f, "", static_cast<uint16_t>(port), ""};
    if (at != std::string_view::npos) s.host = std::string(rest.substr(at + 1));
    if (at != std::string_view::npos && s.host.empty()) return fail("expected PORT@ADDRESS: " + std::string(spec));
    if (rules.numeric_host && !s.host.empty() && !numeric(f, s.host))
        return fail(std::string("address must be a numeric ") + (f == Family::Inet ? "IPv4" : "IPv6") +
                    " address (no name lookups): " + std::string(spec));
    return s;
}

void fill(Endpoint& ep, const SocketSpec& s) {
    if (s.family == Family::Unix) {
        auto* un = reinterpret_cast<sockaddr_un*>(&ep.addr);
        un->sun_family = AF_UNIX;
        std::memcpy(un->sun_path, s.path.data(), s.path.size());
        ep.len = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + s.path.size() + 1);
    } else if (s.family == Family::Inet) {
        auto* in = reinterpret_cast<sockaddr_in*>(&ep.addr);
        in->sin_family = AF_INET;
        in->sin_port = htons(s.port);
        inet_pton(AF_INET, s.host.c_str(), &in->sin_addr);
        ep.len = sizeof(sockaddr_in);
    } else {
        auto* in6 = reinterpret_cast<sockaddr_in6*>(&ep.addr);
        in6->sin6_family = AF_INET6;
        in6->sin6_port = htons(s.port);
        inet_pton(AF_INET6, s.host.c_str(), &in6->sin6_addr);
        ep.len = sizeof(sockaddr_in6);
    }
}

}  // namespace

Result<SocketSpec> parse_socket(std::string_view spec, const SocketRules& rules) {
    if (rules.bare_path && spec.starts_with('/')) return unix_spec(spec, spec);
    auto colon = spec.find(':');
    if (colon == std::string_view::npos)
        return fail("expected unix:/path or inet:PORT@ADDRESS, got \"" + std::string(spec) + "\"");
    std::string_view proto = spec.substr(0, colon), rest = spec.substr(colon + 1);
    if (proto == "unix" || proto == "local") return unix_spec(rest, spec);
    if (proto == "inet") return inet_spec(Family::Inet, rest, spec, rules);
    if (proto == "inet6") return inet_spec(Family::Inet6, rest, spec, rules);
    return fail("unknown socket type \"" + std::string(proto) + "\" (unix, local, inet, inet6)");
}

Result<Endpoint> Endpoint::parse(std::string_view spec) {
    auto s = parse_socket(spec);
    if (!s) return fail(s.error().message);
    Endpoint ep;
    ep.text = std::string(spec);
    fill(ep, *s);
    return ep;
}

}  // namespace mp::util
