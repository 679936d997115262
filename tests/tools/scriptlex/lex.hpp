// lex.hpp: the line lexer shared by the line scripts of mp-miltclient and
// mp-pmdriver. One command a line; blank lines and lines starting with '#'
// are skipped; a trailing CR is dropped. Words are split on blanks; "double
// quotes" group a word (\" and \\ inside). Each command's word count is
// checked against an arity table; the caller's check names the bad word.
// Errors are "NAME:LINE:COLUMN: message".
#pragma once
#include <cstddef>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "util/result.hpp"

namespace mp::scriptlex {

struct Arity {
    const char* cmd;
    int min, max;  // word count after cmd; -1 = unbounded
};

struct Line {
    int lineno = 0;
    std::string cmd;
    std::vector<std::string> args;  // blank-split words after cmd
    std::string rest;               // raw text after "cmd "
    std::string rest2;              // raw text after "cmd WORD "
    std::string rest3;              // raw text after "cmd WORD WORD "
};

struct Script {
    std::string name;      // for messages: file name or "-"
    std::string base_dir;  // for relative FILE paths
    std::vector<Line> lines;
};

// Checks one lexed line; on error sets `bad` to the 1-based word at fault.
using Check = std::function<Result<void>(const Line&, std::size_t& bad)>;

Result<Script> lex(std::string_view text, const std::string& name, const std::string& base_dir,
                   std::span<const Arity> arity, const Check& check);

// The text of script FILE ("-": standard input) and its directory.
struct Source {
    std::string text, base_dir;
};
Result<Source> read_script(const std::string& file);

}  // namespace mp::scriptlex
