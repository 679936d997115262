// rhs.cpp: see rhs.hpp.
#include "access/rhs.hpp"

#include "util/strings.hpp"

namespace mp::access {

namespace {

using Fail = Unexpected<ParseError>;

bool digit(char c) { return c >= '0' && c <= '9'; }
bool blank(char c) { return c == ' ' || c == '\t'; }

// class.subject.detail, 1-3 digits each part after the class digit.
bool enhanced_code(std::string_view s) {
    if (s.size() < 5 || !digit(s[0]) || s[1] != '.') return false;
    size_t i = 2;
    for (int part = 0; part < 2; ++part) {
        size_t start = i;
        while (i < s.size() && digit(s[i])) ++i;
        if (i == start || i - start > 3) return false;
        if (part == 0 && (i == s.size() || s[i++] != '.')) return false;
    }
    return i == s.size();
}

}  // namespace

std::string Reply::str() const {
    std::string out = code;
    if (!xcode.empty()) out += " " + xcode;
    if (!text.empty()) out += " " + text;
    return out;
}

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

Result<Reply, ParseError> parse_reply(std::string_view text) {
    Reply r;
    if (text.size() < 3 || !digit(text[0]) || !digit(text[1]) || !digit(text[2]) || (text.size() > 3 && !blank(text[3])))
        return Fail{{0, "expected a three-digit reply code, got '" + std::string(text.substr(0, 16)) + "'"}};
    if ((text[0] != '4' && text[0] != '5') || text[1] > '5')
        return Fail{{0, "reply code " + std::string(text.substr(0, 3)) + " is not a 4yz or 5yz rejection"}};
    r.code = std::string(text.substr(0, 3));
    size_t i = 3;
    while (i < text.size() && blank(text[i])) ++i;
    size_t end = i;
    while (end < text.size() && !blank(text[end])) ++end;
    std::string_view word = text.substr(i, end - i);
    if (!word.empty() && digit(word[0]) && word.find('.') != std::string_view::npos) {
        if (!enhanced_code(word)) return Fail{{i, "malformed enhanced status code '" + std::string(word) + "'"}};
        if (word[0] != text[0])
            return Fail{{i, "enhanced status code " + std::string(word) + " does not match reply code " + r.code}};
        r.xcode = std::string(word);
        i = end;
    }
    r.text = std::string(util::trim(text.substr(i)));
    return r;
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
        size_t skip = 6;
        while (skip < body.size() && blank(body[skip])) ++skip;
        auto reply = parse_reply(body.substr(skip));
        if (!reply) return Fail{{off + skip + reply.error().offset, reply.error().message}};
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
