// run.hpp: script mode of mp-pmdriver. Runs a parsed script (script.hpp)
// against a pmilter and prints one line per answer:
//   NAME CMD: CODE [TEXT]           (TEXT without its final CRLF)
//   NAME eom: header TYPE INDEX LINE | rcpt add|del ADDR | replaced N bytes
// Timeouts follow smx.conf's policy_milter: --timeout SEC with
// --on-timeout abort (the session gets TIMEOUT "421 4.7.0 ...", the driver
// closes it at the pmilter) or accept_but_reconnect (the session goes on as
// accepted without the pmilter; the driver drops the connection and opens a
// new one for the next session). A connection found gone is reopened at the
// next connect (retrying until -t). Exit status: 0 ok, 1 an expectation
// failed (all are checked and reported), 3 protocol/I-O error.
#pragma once
#include <iosfwd>
#include <string>

#include "script.hpp"

namespace mp::pmdriver {

struct Options {
    std::string socket;
    double io_timeout = 10;     // -t: connecting, negotiation, wait-file
    double policy_timeout = 0;  // --timeout: one answer; 0 = io_timeout
    bool accept_but_reconnect = false;
    int connections = 1;
    bool split_every_byte = false;
};

int run_script(const Script& script, const Options& opt, std::ostream& out, std::ostream& err);

}  // namespace mp::pmdriver
