// facts.hpp: what the MTA tells us about a session and a transaction, in MTA-
// neutral terms. The milter adapter (milters/) fills these from sendmail 8
// macros ({client_addr}, {client_name}, ...). The sendmail X adapter (pmilter/)
// fills them from libpmilter's callback arguments and sm_pmfi_getmac macros;
// it never sees a wire format, which libpmilter owns. Fields an MTA does not
// provide stay empty.
#pragma once
#include <string>

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
};

struct MailFacts {
    std::string qid;          // queue id ({i}); empty before the MTA assigns one
    std::string sender;       // envelope sender without angle brackets; "" for <>
    std::string auth_authen;  // {auth_authen}: non-empty when the client authenticated
};

}  // namespace mp::policy
