// script.cpp: see script.hpp. Parsing checks every line up front, so a typo
// is reported before the first packet goes out.
#include "script.hpp"

#include <regex>
#include <set>

#include "client.hpp"

namespace mp::miltclient {
namespace {

struct Arity {
    const char* cmd;
    int min, max;  // word count after cmd; -1 = unbounded
};

constexpr Arity kArity[] = {
    {"macro", 1, -1}, {"connect", 2, 4}, {"helo", 1, 1},   {"mail", 1, -1},        {"rcpt", 1, -1},
    {"data", 0, 0},   {"eoh", 0, 0},     {"eom", 0, 0},    {"abort", 0, 0},        {"quit", 0, 0},
    {"quit-nc", 0, 0}, {"header", 1, -1}, {"body", 0, -1}, {"body-file", 1, 1},   {"message-file", 1, 1},
    {"expect", 1, -1}, {"expect-re", 2, -1},
};

struct Words {
    std::vector<std::string> words;
    std::vector<std::size_t> starts;  // byte offset of each word in the line
};

Result<Words> split_words(std::string_view line) {
    Words w;
    std::size_t i = 0;
    while (i < line.size()) {
        while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
        if (i >= line.size()) break;
        w.starts.push_back(i);
        std::string word;
        while (i < line.size() && line[i] != ' ' && line[i] != '\t') {
            if (line[i] != '"') { word += line[i++]; continue; }
            std::size_t open = i++;
            while (i < line.size() && line[i] != '"') {
                if (line[i] == '\\' && i + 1 < line.size()) ++i;
                word += line[i++];
            }
            if (i >= line.size()) return fail(std::to_string(open + 1) + ": unterminated quote");
            ++i;
        }
        w.words.push_back(std::move(word));
    }
    return w;
}

std::string raw_after(std::string_view line, const Words& w, std::size_t idx) {
    if (idx >= w.starts.size()) return {};
    return std::string(line.substr(w.starts[idx]));
}

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

Result<ScriptLine> parse_line(std::string_view line, int lineno, std::size_t& col) {
    auto w = split_words(line);
    if (!w) {
        col = std::stoul(w.error().message);
        return fail(w.error().message.substr(w.error().message.find(' ') + 1));
    }
    ScriptLine l;
    l.lineno = lineno;
    l.cmd = w->words[0];
    l.args.assign(w->words.begin() + 1, w->words.end());
    l.rest = raw_after(line, *w, 1);
    l.rest2 = raw_after(line, *w, 2);
    col = 1;
    const Arity* a = nullptr;
    for (const auto& x : kArity)
        if (l.cmd == x.cmd) a = &x;
    if (!a) return fail("unknown command: " + l.cmd);
    int n = static_cast<int>(l.args.size());
    if (n < a->min || (a->max >= 0 && n > a->max)) return fail("wrong number of arguments for " + l.cmd);
    std::size_t bad = 0;
    auto c = check_line(l, bad);
    if (!c) {
        col = bad < w->starts.size() ? w->starts[bad] + 1 : 1;
        return Unexpected<Error>{c.error()};
    }
    return l;
}

}  // namespace

Result<Script> parse_script(std::string_view text, const std::string& name, const std::string& base_dir) {
    Script s{name, base_dir, {}};
    int lineno = 0;
    std::size_t pos = 0;
    while (pos < text.size()) {
        auto nl = text.find('\n', pos);
        std::string_view line = text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
        pos = nl == std::string_view::npos ? text.size() : nl + 1;
        ++lineno;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        auto first = line.find_first_not_of(" \t");
        if (first == std::string_view::npos || line[first] == '#') continue;
        std::size_t col = 1;
        auto l = parse_line(line, lineno, col);
        if (!l) return fail(name + ":" + std::to_string(lineno) + ":" + std::to_string(col) + ": " + l.error().message);
        s.lines.push_back(std::move(*l));
    }
    return s;
}

}  // namespace mp::miltclient
