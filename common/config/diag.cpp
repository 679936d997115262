// diag.cpp: see diag.hpp.
#include "config/diag.hpp"

#include <algorithm>

namespace mp::config {

std::string Location::str() const {
    return file + ":" + std::to_string(line) + ":" + std::to_string(column);
}

std::string Diagnostic::str() const { return where.str() + ": " + message; }

std::string Diagnostics::str() const {
    std::string out;
    for (const auto& e : errors) out += e + "\n";
    return out;
}

void DiagSink::error(int line, int column, std::string message) {
    if (full()) {
        overflow_ = true;
        return;
    }
    errors_.push_back({line, column, std::move(message)});
}

Diagnostics DiagSink::finish() const {
    std::vector<Entry> sorted = errors_;
    std::stable_sort(sorted.begin(), sorted.end(), [](const Entry& a, const Entry& b) {
        return a.line != b.line ? a.line < b.line : a.column < b.column;
    });
    Diagnostics d;
    for (const auto& e : sorted) d.errors.push_back(at(e.line, e.column).str() + ": " + e.message);
    if (overflow_ || full())
        d.errors.push_back(file_ + ": too many errors, stopped after " + std::to_string(cap_));
    return d;
}

}  // namespace mp::config
