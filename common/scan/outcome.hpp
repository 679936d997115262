// outcome.hpp: what one scanner found, as a value. A scan ends in exactly one
// of these; only Clean (clamd "stream: OK") and an amavisd answer count as
// scanned. Failed always carries a reason for the log; Oversize means "not
// scanned", never "clean".
#pragma once
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace mp::scan {

// A header change, in libmilter's terms (index as smfi_insheader/smfi_chgheader).
struct HeaderEdit {
    enum class Op { Add, Insert, Change, Delete };
    Op op = Op::Add;
    std::string name;
    std::string value;  // continuation lines as "\n\t..." (libmilter accepts them)
    int index = 0;      // Insert: position (0 = top); Change/Delete: nth occurrence, 1-based
    bool operator==(const HeaderEdit&) const = default;
};

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
    enum class Return { Continue, Accept, Reject, Discard, Tempfail };
    Return return_value = Return::Continue;
    std::string rcode, xcode, text;  // setreply, when amavisd sent one
    std::vector<HeaderEdit> headers;  // in the order amavisd sent them
    std::vector<std::string> add_rcpts, del_rcpts;
    std::string quarantine;  // reason, when amavisd asked for a quarantine
    int exit_code = -1;      // -1: not sent
    bool operator==(const AmavisAnswer&) const = default;
};

using Outcome = std::variant<Clean, Infected, Failed, Oversize, AmavisAnswer>;

const char* return_name(AmavisAnswer::Return r);

}  // namespace mp::scan
