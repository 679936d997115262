// script.cpp: see script.hpp. Parsing checks every line up front, so a typo
// is reported before the first packet goes out.
#include "script.hpp"

#include <regex>
#include <set>

#include "client.hpp"

namespace mp::miltclient {
namespace {

constexpr scriptlex::Arity kArity[] = {
    {"macro", 1, -1}, {"connect", 2, 4}, {"helo", 1, 1},   {"mail", 1, -1},        {"rcpt", 1, -1},
    {"data", 0, 0},   {"eoh", 0, 0},     {"eom", 0, 0},    {"abort", 0, 0},        {"quit", 0, 0},
    {"quit-nc", 0, 0}, {"header", 1, -1}, {"body", 0, -1}, {"body-file", 1, 1},   {"message-file", 1, 1},
    {"expect", 1, -1}, {"expect-re", 2, -1},
};

// Command-specific checks; returns the 1-based word index at fault or 0.
Result<void> check_line(const ScriptLine& l, std::size_t& bad) {
    static const std::set<std::string> expect_stages = {"optneg", "connect", "helo", "mail", "rcpt",
                                                        "data",   "header",  "eoh",  "body", "eom"};
    if (l.cmd == "macro") {
        auto st = stage_from_name(l.args[0]);
        if (!st || static_cast<int>(*st) >= kMacroStages) return bad = 1, fail("not a macro stage: " + l.args[0]);
        for (std::size_t i = 1; i < l.args.size(); ++i)
            if (l.args[i].find('=') == std::string::npos || l.args[i][0] == '=')
                return bad = i + 1, fail("want NAME=VALUE: " + l.args[i]);
    } else if (l.cmd == "connect") {
        if (l.args.size() == 3 || (l.args.size() == 4 && l.args[2] != "port"))
            return bad = 3, fail("want: connect HOST ADDRESS [port N]");
        if (l.args.size() == 4) {
            char* end = nullptr;
            long p = std::strtol(l.args[3].c_str(), &end, 10);
            if (*end != '\0' || p < 0 || p > 65535) return bad = 4, fail("bad port: " + l.args[3]);
        }
        if (auto ci = connect_info(l.args[0], l.args[1], 0); !ci) return bad = 2, fail(ci.error().message);
    } else if (l.cmd == "header") {
        auto colon = l.rest.find(':');
        if (colon == std::string::npos || colon == 0 || l.rest.find_first_of(" \t") < colon)
            return bad = 1, fail("want: header NAME: VALUE");
    } else if (l.cmd == "expect" || l.cmd == "expect-re") {
        if (!expect_stages.count(l.args[0])) return bad = 1, fail("unknown stage: " + l.args[0]);
        if (l.cmd == "expect-re") {
            try {
                std::regex re(l.rest2);
            } catch (const std::regex_error& e) {
                return bad = 2, fail(std::string("bad regex: ") + e.what());
            }
        }
    }
    return {};
}

}  // namespace

Result<Script> parse_script(std::string_view text, const std::string& name, const std::string& base_dir) {
    return scriptlex::lex(text, name, base_dir, kArity, check_line);
}

}  // namespace mp::miltclient
