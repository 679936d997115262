// verdict.hpp: what a policy stage decides, as a value; the one vocabulary
// every stage returns (access, protected recipients, greylisting, scanners,
// DKIM) and every adapter translates for its MTA (milters/ into smfi_* calls
// and SMFIS_* codes, the sendmail X adapter into its own replies). Nothing
// here knows which MTA asked or which stage decided.
#pragma once
#include <string>
#include <vector>

#include "verdict/reply.hpp"

namespace mp::verdict {

enum class Action { Continue, Accept, Reject, Tempfail, Discard, Quarantine };

// "continue", "accept", "reject", "tempfail", "discard", "quarantine": the
// words of log lines, and of amavisd's AM.PDP return_value.
const char* action_name(Action a);

// A header change, in libmilter's terms (index as smfi_insheader/smfi_chgheader).
struct HeaderEdit {
    enum class Op { Add, Insert, Change, Delete };
    Op op = Op::Add;
    std::string name;
    std::string value;  // continuation lines as "\n\t..." (libmilter accepts them)
    int index = 0;      // Insert: position (0 = top); Change/Delete: nth occurrence, 1-based
    bool operator==(const HeaderEdit&) const = default;
};

struct Verdict {
    Action action = Action::Continue;
    Reply reply;         // Reject/Tempfail; an empty code: the MTA's default reply
    std::string reason;  // for the log line: which check decided, e.g. "access to:abuse@"
    std::vector<HeaderEdit> headers;
    std::vector<std::string> add_rcpts, del_rcpts;
    std::string quarantine_reason;

    bool decided() const { return action != Action::Continue; }
};

}  // namespace mp::verdict
