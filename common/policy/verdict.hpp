// verdict.hpp: what a policy stage decides, as a value. Adapters translate it
// for their MTA (milters/ into smfi_* calls and SMFIS_* codes, pmilter/ into
// its protocol); the core never knows which MTA asked.
#pragma once
#include <string>
#include <vector>

namespace mp::policy {

enum class Action { Continue, Accept, Reject, Tempfail, Discard, Quarantine };

struct HeaderEdit {
    enum class Op { Add, Insert, Change, Delete };
    Op op = Op::Add;
    std::string name;
    std::string value;
    int index = 0;  // Insert: position (0 = top); Change/Delete: nth occurrence (1-based)
};

struct Verdict {
    Action action = Action::Continue;
    std::string rcode;  // "550"; empty = the MTA's default text for the action
    std::string xcode;  // "5.7.1"
    std::string text;
    std::string reason;  // for the log line: which check decided, e.g. "access to:abuse@"
    std::vector<HeaderEdit> headers;
    std::vector<std::string> add_rcpts, del_rcpts;
    std::string quarantine_reason;

    bool decided() const { return action != Action::Continue; }
};

const char* action_name(Action a);

}  // namespace mp::policy
