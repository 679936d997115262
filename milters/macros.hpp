// macros.hpp: the sendmail macros milterpack reads at each stage, and the
// smfi_setsymlist() request that asks the MTA for exactly those. The m4
// FEATURE appends the same names to confMILTER_MACROS_* for MTAs that ignore
// the request.
#pragma once
#include <libmilter/mfapi.h>

#include <string>

#include "policy/facts.hpp"

namespace mp::milters {

// Ask for our macros during negotiation (needs SMFIF_SETSYMLIST).
void request_macros(SMFICTX* ctx);
std::string macro(SMFICTX* ctx, const char* name);
policy::ClientFacts client_facts(SMFICTX* ctx, const char* hostname, const struct sockaddr* addr);
policy::TlsFacts tls_facts(SMFICTX* ctx);
// argv as xxfi_envfrom gets it: the sender, then the ESMTP parameters (SIZE=).
policy::MailFacts mail_facts(SMFICTX* ctx, char** argv);

}  // namespace mp::milters
