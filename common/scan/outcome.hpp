// outcome.hpp: what one scanner found, as a value. A scan ends in exactly one
// of these; only Clean (clamd "stream: OK") and an amavisd answer count as
// scanned. Failed always carries a reason for the log; Oversize means "not
// scanned", never "clean".
#pragma once
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "verdict/verdict.hpp"

namespace mp::scan {

struct Clean {};
struct Infected {
    std::string name;  // "Local.Test.EICAR.NDB.UNOFFICIAL"
};
struct Failed {
    std::string reason;  // "clamd unix:/run/clamd.sock: connect: No such file or directory"
};
struct Oversize {
    uint64_t size = 0;  // bytes seen when max_size was passed
};

// amavisd's AM.PDP answer, decoded.
struct AmavisAnswer {
    // continue, accept, reject, discard or tempfail (never quarantine: that
    // is the separate quarantine= attribute)
    verdict::Action return_value = verdict::Action::Continue;
    verdict::Reply reply;  // setreply, when amavisd sent one (2yz, 4yz or 5yz)
    std::vector<verdict::HeaderEdit> headers;  // in the order amavisd sent them
    std::vector<std::string> add_rcpts, del_rcpts;
    std::string quarantine;  // reason, when amavisd asked for a quarantine
    int exit_code = -1;      // -1: not sent
    bool operator==(const AmavisAnswer&) const = default;
};

using Outcome = std::variant<Clean, Infected, Failed, Oversize, AmavisAnswer>;

}  // namespace mp::scan
