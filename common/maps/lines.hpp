// lines.hpp: the line-level layer shared by every map file parser (text maps,
// alias maps). Reads a file with a size bound, splits it into lines with a
// length bound, skips blank lines and `#` comment lines, and collects errors
// as "file:line:column: message" (capped, so a binary file cannot flood the log).
//   maps::Errors errs{"access"};
//   maps::for_each_line(text, limits, errs, [&](int line, std::string_view s, int col) {...});
#pragma once
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "util/result.hpp"

namespace mp::maps {

struct Limits {
    size_t max_file_bytes = size_t(256) << 20;  // 256 MiB
    size_t max_line_bytes = size_t(64) << 10;   // 64 KiB
    size_t max_entries = size_t(16) << 20;      // 16 Mi entries
    size_t max_errors = 100;                    // later ones are counted, not kept
};

// Every problem found in one map file. Empty means the file is good.
struct Errors {
    Errors() = default;
    explicit Errors(std::string f) : file(std::move(f)) {}

    std::string file;
    std::vector<std::string> errors;
    size_t dropped = 0;  // errors beyond the cap
    size_t cap = 100;

    void add(int line, int column, std::string_view message);
    bool empty() const { return errors.empty(); }
    // Order the kept errors by line and column (after several passes).
    void sort();
    // All errors, one per line, plus "... and N more errors" when capped.
    std::string joined() const;

private:
    std::vector<std::pair<int, int>> where_;  // parallel to errors
};

// Read the whole file; error when missing, unreadable or over max_file_bytes.
Result<std::string> read_bounded(const std::string& path, size_t max_bytes);

// Calls fn(line_number, content, column_of_content) for every line that is not
// blank and not a comment (first non-blank character '#'). `content` is trimmed
// of surrounding blanks and a trailing CR; column is 1-based. Over-long lines and
// lines with NUL bytes are reported and skipped.
using LineFn = std::function<void(int line, std::string_view content, int column)>;
void for_each_line(std::string_view text, const Limits& limits, Errors& errors, const LineFn& fn);

}  // namespace mp::maps
