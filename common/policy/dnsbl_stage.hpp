// dnsbl_stage.hpp: the policy's hook into common/dnsbl. build_dnsbl() reads
// the dnsbl and dnswl sections when an Engine is built, checks that every
// rule's `dnsbl = LABEL` / `dnswl = LABEL` names a section of that kind, and
// keeps a Checker for the lists rules use (a list no rule names is never
// asked). dnsbl_connect() asks those lists about the client at connect and
// keeps the listings in the session for the rules of every later stage.
// Sessions the access map trusts (ok, relay) and clients without an IP
// address are not looked up.
#pragma once
#include "config/config.hpp"

namespace mp::policy {

class Engine;
struct EngineParts;
struct SessionState;

// After build_auth() (the resolver) and build_rules().
void build_dnsbl(const config::Section& root, EngineParts& p, config::Diagnostics& d);
void dnsbl_connect(const Engine& e, SessionState& st);

}  // namespace mp::policy
