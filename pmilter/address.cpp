// address.cpp: see address.hpp.
#include "pmilter/address.hpp"

#include <arpa/inet.h>

#include "util/strings.hpp"

namespace mp::pmilter {

std::string client_addr_text(const sm_sockaddr_T* addr) {
    char buf[INET6_ADDRSTRLEN] = "";
    if (!addr) return {};
    if (addr->sa.sa_family == AF_INET) {
        inet_ntop(AF_INET, &addr->sin.sin_addr, buf, sizeof buf);
        return buf;
    }
#ifdef HAVE_SM_SOCKADDR_SIN6
    if (addr->sa.sa_family == AF_INET6) {
        inet_ntop(AF_INET6, &addr->sin6.sin6_addr, buf, sizeof buf);
        return std::string("IPv6:") + buf;
    }
#endif
    return {};
}

std::string client_name_text(const char* hostname) {
    if (!hostname || hostname[0] == '[') return {};
    return hostname;
}

std::string bare_address(const char* raw) {
    if (!raw) return {};
    return std::string(util::strip_angles(util::trim(raw)));
}

std::vector<std::string> esmtp_args(char** argv) {
    std::vector<std::string> out;
    for (char** a = argv; a && *a; ++a) out.emplace_back(*a);
    return out;
}

}  // namespace mp::pmilter
