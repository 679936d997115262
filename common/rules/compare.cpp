// compare.cpp: see compare.hpp.
#include "rules/compare.hpp"

#include <charconv>

#include "config/config.hpp"
#include "util/strings.hpp"

namespace mp::rules {

namespace {

struct OpWord {
    std::string_view word;
    Compare::Op op;
};

// Longest first, so "<=" is not read as "<".
constexpr OpWord kOps[] = {{"<=", Compare::Op::LessEq}, {">=", Compare::Op::GreaterEq}, {"==", Compare::Op::Equal},
                           {"<", Compare::Op::Less},    {">", Compare::Op::Greater},    {"=", Compare::Op::Equal}};

}  // namespace

bool Compare::holds(uint64_t v) const {
    switch (op) {
        case Op::Less: return v < value;
        case Op::LessEq: return v <= value;
        case Op::Greater: return v > value;
        case Op::GreaterEq: return v >= value;
        case Op::Equal: return v == value;
    }
    return false;
}

std::string Compare::str() const {
    static const char* const words[] = {"<", "<=", ">", ">=", "="};
    return std::string(words[static_cast<int>(op)]) + " " + std::to_string(value);
}

Result<Compare> parse_compare(std::string_view text, bool sizes) {
    std::string_view t = util::trim(text);
    Compare c;
    bool found = false;
    for (const auto& o : kOps)
        if (t.substr(0, o.word.size()) == o.word) {
            c.op = o.op;
            t = util::trim(t.substr(o.word.size()));
            found = true;
            break;
        }
    const char* what = sizes ? "a size (10m, 512k, 2000)" : "a number";
    if (!found) return fail("'" + std::string(text) + "' needs an operator: < <= > >= = then " + what);
    if (sizes) {
        auto v = config::parse_size(t);
        if (!v) return fail("'" + std::string(t) + "' is not " + what);
        c.value = *v;
        return c;
    }
    auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), c.value);
    if (t.empty() || ec != std::errc() || end != t.data() + t.size()) return fail("'" + std::string(t) + "' is not " + what);
    return c;
}

}  // namespace mp::rules
