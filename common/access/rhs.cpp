// rhs.cpp: see rhs.hpp.
#include "access/rhs.hpp"

#include "util/strings.hpp"

namespace mp::access {

namespace {

using Fail = Unexpected<ParseError>;

}  // namespace

const char* action_name(Action a) {
    switch (a) {
        case Action::Ok: return "ok";
        case Action::Relay: return "relay";
        case Action::Error: return "error";
        case Action::Discard: return "discard";
        case Action::Cont: return "cont";
    }
    return "?";
}

Result<Rhs, ParseError> parse_rhs(std::string_view text) {
    Rhs rhs;
    size_t off = 0;
    if (util::istarts_with(text, "quick:")) {
        rhs.quick = true;
        off = 6;
    }
    std::string_view body = text.substr(off);
    if (util::istarts_with(body, "error:")) {
        auto reply = verdict::parse_reply(body.substr(6), access_reply_rules);
        if (!reply) return Fail{{off + 6 + reply.error().offset, reply.error().message}};
        rhs.action = Action::Error;
        rhs.reply = std::move(*reply);
        return rhs;
    }
    static const struct { const char* word; Action action; } words[] = {
        {"ok", Action::Ok}, {"relay", Action::Relay}, {"discard", Action::Discard}, {"cont", Action::Cont},
    };
    for (const auto& w : words)
        if (util::iequals(body, w.word)) {
            rhs.action = w.action;
            return rhs;
        }
    if (util::iequals(body, "reject")) {
        rhs.action = Action::Error;
        rhs.reply = {"550", "5.7.0", "Rejected."};
        return rhs;
    }
    return Fail{{off, "unknown right-hand side '" + std::string(body) +
                          "' (expected ok, relay, reject, discard, cont or error:CODE ...)"}};
}

}  // namespace mp::access
