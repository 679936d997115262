// run.hpp: script mode. Runs a parsed script against a filter and prints one
// line per reply, "STAGE: TEXT" (TEXT as in reply.hpp), plus
//   optneg: version=V actions=FLAGS protocol=FLAGS   (on every new connection)
//   optneg: symlist STAGE NAME ...                    (per list the filter set)
//   STAGE: not-sent (REASON)   the MTA would not send it (negotiated away, or
//                              the filter already decided the message/session)
//   STAGE: no-reply            sent under an SMFIP_NR_* flag
// Progress replies are not printed. Exit status: 0 ok, 1 an expect failed
// (all are checked and reported), 3 protocol/I-O error (stops the script).
#pragma once
#include <iosfwd>
#include <string>

#include "client.hpp"
#include "script.hpp"

namespace mp::miltclient {

int run_script(const Script& script, const std::string& socket, const ClientOptions& opt, std::ostream& out,
               std::ostream& err);

}  // namespace mp::miltclient
