// syntax.hpp: the syntax tree of a configuration file, before validation.
//   conf ::= entries ; entry ::= option | section
//   section ::= keyword [label] "{" entries "}" [";"]
//   option  ::= name "=" ( value ";" | "{" [value {"," value} [","]] "}" [";"] )
// A value is one or more words/strings up to ';' (or ',' '}' in a list):
// adjacent strings concatenate as in ANSI C ("a " "b" -> "a b"), other
// tokens are joined by one space ("1h 5m 12s"). A trailing comma in a list
// is tolerated. The parser records every syntax error in the DiagSink and
// resynchronises at the next ';' or '}', so one run reports them all.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "config/diag.hpp"

namespace mp::config {

inline constexpr int kMaxDepth = 32;  // section nesting limit

struct RawItem {
    std::string text;
    int line = 0, column = 0;
};

struct RawValue {
    bool is_list = false;
    std::vector<RawItem> items;  // one item for a scalar
    int line = 0, column = 0;    // first token of the value (or its '{')
};

struct RawOption {
    std::string name;
    int line = 0, column = 0;
    RawValue value;
};

struct RawSection {
    std::string keyword;  // empty for the root
    std::string label;
    bool has_label = false;
    int line = 1, column = 1;
    int label_line = 0, label_column = 0;
    std::vector<RawOption> options;    // file order
    std::vector<RawSection> sections;  // file order
};

RawSection parse_syntax(std::string_view text, DiagSink& diag);

}  // namespace mp::config
