// diag.hpp: the error collector shared by the lexer, parser and validator.
// Errors are gathered with their line:column and formatted, sorted by
// position, as "file:line:column: message". The sink caps the count so that
// binary garbage cannot produce millions of lines; once full(), callers stop.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include "config/config.hpp"

namespace mp::config {

class DiagSink {
public:
    explicit DiagSink(std::string file, size_t cap = 50) : file_(std::move(file)), cap_(cap) {}
    void error(int line, int column, std::string message);
    bool full() const { return errors_.size() >= cap_; }
    bool empty() const { return errors_.empty(); }
    const std::string& file() const { return file_; }
    Location at(int line, int column) const { return Location{file_, line, column}; }
    Diagnostics finish() const;

private:
    struct Entry {
        int line, column;
        std::string message;
    };
    std::string file_;
    size_t cap_;
    bool overflow_ = false;
    std::vector<Entry> errors_;
};

}  // namespace mp::config
