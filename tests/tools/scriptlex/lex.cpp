// lex.cpp: see lex.hpp.
#include "lex.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>

namespace mp::scriptlex {
namespace {

struct Words {
    std::vector<std::string> words;
    std::vector<std::size_t> starts;  // byte offset of each word in the line
};

// Error texts are "COLUMN: message".
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
    return idx < w.starts.size() ? std::string(line.substr(w.starts[idx])) : std::string();
}

Result<Line> lex_line(std::string_view text, int lineno, std::span<const Arity> arity, const Check& check,
                      std::size_t& col) {
    auto w = split_words(text);
    if (!w) {
        col = std::stoul(w.error().message);
        return fail(w.error().message.substr(w.error().message.find(' ') + 1));
    }
    Line l{lineno, w->words[0], {w->words.begin() + 1, w->words.end()}, raw_after(text, *w, 1),
           raw_after(text, *w, 2), raw_after(text, *w, 3)};
    col = 1;
    const Arity* a = nullptr;
    for (const auto& x : arity)
        if (l.cmd == x.cmd) a = &x;
    if (!a) return fail("unknown command: " + l.cmd);
    int n = static_cast<int>(l.args.size());
    if (n < a->min || (a->max >= 0 && n > a->max)) return fail("wrong number of arguments for " + l.cmd);
    std::size_t bad = 0;
    if (auto c = check(l, bad); !c) {
        col = bad < w->starts.size() ? w->starts[bad] + 1 : 1;
        return Unexpected<Error>{c.error()};
    }
    return l;
}

}  // namespace

Result<Script> lex(std::string_view text, const std::string& name, const std::string& base_dir,
                   std::span<const Arity> arity, const Check& check) {
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
        auto l = lex_line(line, lineno, arity, check, col);
        if (!l) return fail(name + ":" + std::to_string(lineno) + ":" + std::to_string(col) + ": " + l.error().message);
        s.lines.push_back(std::move(*l));
    }
    return s;
}

Result<Source> read_script(const std::string& file) {
    std::ostringstream ss;
    if (file == "-") {
        ss << std::cin.rdbuf();
        return Source{ss.str(), "."};
    }
    std::ifstream in(file, std::ios::binary);
    if (!in) return fail(file + ": " + std::strerror(errno));
    ss << in.rdbuf();
    auto slash = file.rfind('/');
    return Source{ss.str(), slash == std::string::npos ? "." : file.substr(0, slash)};
}

}  // namespace mp::scriptlex
