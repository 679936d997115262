// compare.hpp: a numeric condition of a rule, written as a string:
// `size = "> 10m";` (bytes, units k m g as elsewhere in the file) or
// `rcpt_count = ">= 20";` (a plain count). Operators: < <= > >= = (== too).
// Parsed when the configuration loads, so a bad condition is an error at its
// option's file:line:column; holds() is then a plain comparison.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "util/result.hpp"

namespace mp::rules {

struct Compare {
    enum class Op { Less, LessEq, Greater, GreaterEq, Equal };
    Op op = Op::Greater;
    uint64_t value = 0;

    bool holds(uint64_t v) const;
    std::string str() const;  // "> 10485760"
};

// `sizes`: the number takes the size units (10m = 10 MiB); otherwise digits only.
Result<Compare> parse_compare(std::string_view text, bool sizes);

}  // namespace mp::rules
