// run.hpp: one message through milterpack's policy for qmail: every stage,
// from connect to end of data, at once (qmail-smtpd calls qmail-queue after
// DATA, so a refusal at any stage refuses the whole message), then the
// verdict as qmail-queue's exit code. What the client is comes from
// qmail-smtpd's environment (tcpserver): TCPREMOTEIP, TCPREMOTEHOST; an
// authenticated client from SMTPAUTHUSER, else TCPREMOTEINFO when RELAYCLIENT
// is set (the common qmail AUTH patches); {daemon_name} from
// MILTERPACK_DAEMON_NAME (default "qmail").
// The header block must end within the first Spool::kInMemory bytes (else 31).
//   int code = run_message(engine, env, spool, envelope_bytes, "/var/qmail/bin/qmail-queue");
#pragma once
#include <memory>
#include <string>
#include <string_view>

#include "policy/engine.hpp"
#include "qmail/envelope.hpp"

namespace mp::qmail {

struct ClientEnv {
    std::string addr, name, auth, daemon_name = "qmail";
    static ClientEnv from_environment();
};

class Spool;
int run_message(std::shared_ptr<const policy::Engine> engine, const ClientEnv& client, const Spool& msg,
                std::string_view envelope_bytes, const std::string& real_queue);

}  // namespace mp::qmail
