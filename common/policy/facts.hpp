// facts.hpp: what the MTA tells us about a session and a transaction, in MTA-
// neutral terms. The milter adapter (milters/) fills these from sendmail 8
// macros ({client_addr}, {client_name}, ...). The sendmail X adapter (pmilter/)
// fills them from libpmilter's callback arguments and sm_pmfi_getmac macros;
// it never sees a wire format, which libpmilter owns. Fields an MTA does not
// provide stay empty.
#pragma once
#include <charconv>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace mp::policy {

struct ClientFacts {
    std::string addr;         // "192.0.2.1", "IPv6:2001:db8::1"; empty when unknown
    std::string name;         // verified client host name ({client_name})
    std::string resolve;      // sendmail's {client_resolve}: OK, FAIL, FORGED, TEMP
    std::string daemon_name;  // {daemon_name}, e.g. MTA-RX
    std::string helo;
};

struct TlsFacts {
    std::string verify;  // {verify}: OK when the client certificate verified
    std::string cert_issuer;
    std::string cert_subject;
    std::string version{};  // {tls_version}: set once STARTTLS succeeded
    bool used() const { return !version.empty() || (!verify.empty() && verify != "NONE"); }
};

struct MailFacts {
    std::string qid;          // queue id ({i}); empty before the MTA assigns one
    std::string sender;       // envelope sender without angle brackets; "" for <>
    std::string auth_authen;  // {auth_authen}: non-empty when the client authenticated
    std::optional<uint64_t> size{};  // the MAIL command's SIZE= parameter (RFC 1870), when given
};

// "SIZE=12345" (any case) -> 12345; anything else -> nothing.
inline std::optional<uint64_t> esmtp_size(std::string_view param) {
    if (param.size() <= 5) return std::nullopt;
    for (size_t i = 0; i < 5; ++i)
        if ((param[i] | 0x20) != "size="[i]) return std::nullopt;  // '=' has the 0x20 bit
    uint64_t v = 0;
    auto [end, ec] = std::from_chars(param.data() + 5, param.data() + param.size(), v);
    if (ec != std::errc() || end != param.data() + param.size()) return std::nullopt;
    return v;
}

}  // namespace mp::policy
