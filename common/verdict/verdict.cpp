// verdict.cpp: see verdict.hpp.
#include "verdict/verdict.hpp"

namespace mp::verdict {

const char* action_name(Action a) {
    switch (a) {
        case Action::Continue: return "continue";
        case Action::Accept: return "accept";
        case Action::Reject: return "reject";
        case Action::Tempfail: return "tempfail";
        case Action::Discard: return "discard";
        case Action::Quarantine: return "quarantine";
    }
    return "?";
}

}  // namespace mp::verdict
