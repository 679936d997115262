// macros.cpp: see macros.hpp.
#include "milters/macros.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>

#include "util/strings.hpp"

namespace mp::milters {

namespace {

struct StageMacros {
    int stage;
    const char* names;
};

// Pitfall: {client_addr} is not in sendmail's default CONNECT list, and a
// milter's symlist replaces (does not extend) the configured list per stage.
constexpr StageMacros kMacros[] = {
    {SMFIM_CONNECT, "j {daemon_name} {client_addr} {client_name} {client_resolve} {client_ptr}"},
    {SMFIM_HELO, "{verify} {cert_subject} {cert_issuer} {tls_version} {cipher}"},
    {SMFIM_ENVFROM, "i {auth_type} {auth_authen} {auth_ssf} {mail_addr}"},
    {SMFIM_ENVRCPT, "i {rcpt_addr} {rcpt_mailer}"},
    {SMFIM_DATA, "i"},
    {SMFIM_EOH, "i"},
    {SMFIM_EOM, "i {msg_id}"},
};

std::string sockaddr_text(const struct sockaddr* sa) {
    char buf[INET6_ADDRSTRLEN] = "";
    if (!sa) return {};
    if (sa->sa_family == AF_INET)
        inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(sa)->sin_addr, buf, sizeof buf);
    else if (sa->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(sa)->sin6_addr, buf, sizeof buf);
    return buf;
}

}  // namespace

void request_macros(SMFICTX* ctx) {
    for (const auto& m : kMacros) smfi_setsymlist(ctx, m.stage, const_cast<char*>(m.names));
}

std::string macro(SMFICTX* ctx, const char* name) {
    const char* v = smfi_getsymval(ctx, const_cast<char*>(name));
    return v ? v : "";
}

policy::ClientFacts client_facts(SMFICTX* ctx, const char* hostname, const struct sockaddr* addr) {
    policy::ClientFacts f;
    f.addr = macro(ctx, "{client_addr}");
    if (f.addr.empty()) f.addr = sockaddr_text(addr);
    f.name = macro(ctx, "{client_name}");
    if (f.name.empty() && hostname && hostname[0] != '[') f.name = hostname;
    f.resolve = macro(ctx, "{client_resolve}");
    f.daemon_name = macro(ctx, "{daemon_name}");
    return f;
}

policy::TlsFacts tls_facts(SMFICTX* ctx) {
    return {macro(ctx, "{verify}"), macro(ctx, "{cert_issuer}"), macro(ctx, "{cert_subject}"), macro(ctx, "{tls_version}")};
}

policy::MailFacts mail_facts(SMFICTX* ctx, char** argv) {
    const char* sender = argv ? argv[0] : nullptr;
    policy::MailFacts f;
    f.qid = macro(ctx, "i");
    f.sender = std::string(util::strip_angles(util::trim(sender ? sender : "")));
    f.auth_authen = macro(ctx, "{auth_authen}");
    for (char** a = sender ? argv + 1 : nullptr; a && *a; ++a)
        if (auto size = policy::esmtp_size(*a)) f.size = size;
    return f;
}

}  // namespace mp::milters
