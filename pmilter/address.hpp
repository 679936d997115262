// address.hpp: what libpmilter hands the connect, mail and rcpt callbacks,
// turned into the policy core's terms. Pure functions, no library call.
//
// Assumptions about MeTA1 (unconfirmed, see docs/pmilter.md): the client
// address is an sm_sockaddr_T whose .sa.sa_family tells IPv4 (.sin) from IPv6
// (.sin6, only when the API has that member: HAVE_SM_SOCKADDR_SIN6); MAIL and
// RCPT addresses may come with or without angle brackets; the ESMTP argument
// vector may be NULL.
#pragma once
#include <string>
#include <vector>

#include "sm/error.h"
#include "sm/pmilter.h"

namespace mp::pmilter {

// "192.0.2.1", "IPv6:2001:db8::1" (sendmail's {client_addr} form); "" when
// the address is missing or of a family this build cannot read.
std::string client_addr_text(const sm_sockaddr_T* addr);
// The host name smtps resolved, or "" for none or an address literal "[...]".
std::string client_name_text(const char* hostname);
// The envelope address without blanks and one pair of angle brackets; NULL
// and "<>" give "".
std::string bare_address(const char* raw);
// The ESMTP parameters ("SIZE=100", "BODY=8BITMIME"); NULL gives none.
std::vector<std::string> esmtp_args(char** argv);

}  // namespace mp::pmilter
