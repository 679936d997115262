// regex.hpp: one pcre2 pattern, compiled once (when the configuration loads)
// with JIT when the library has it, and matched from any thread. Patterns
// and subjects are UTF-8: a pattern that is not valid UTF-8 is refused at
// compile time; a subject that is not (a header written in Latin-1) is
// matched as far as its valid parts go (PCRE2_MATCH_INVALID_UTF), never
// rejected and never read past its end.
//
// Guarantees: matching never hangs on a pathological pattern such as
// (a+)+$: the match limit and the depth limit bound the work of one match,
// and reaching either is a MatchError::Limit value the caller maps to an
// action. Every pcre2 handle is owned by RAII (code, match data, match
// context, JIT stack); a Regex is immutable after compile() and shared.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "util/result.hpp"

struct pcre2_real_code_8;

namespace mp::rules {

struct Limits {
    uint32_t match = 100'000;  // pcre2_set_match_limit: backtracking steps per match
    uint32_t depth = 10'000;   // pcre2_set_depth_limit (interpreter; JIT uses its stack)
};

struct MatchError {
    enum class Kind { Limit, Other } kind = Kind::Other;
    std::string message;  // "match limit exceeded", pcre2's text otherwise
};

class Regex {
public:
    // The pattern's error, with the offset pcre2 reports ("at offset 3: missing )").
    static Result<Regex> compile(std::string_view pattern, Limits limits = {});

    // The matched text (group 0), nothing when the pattern does not match.
    Result<std::optional<std::string>, MatchError> match(std::string_view subject) const;
    // The same with other limits (the rules section's, settings.hpp).
    Result<std::optional<std::string>, MatchError> match(std::string_view subject, const Limits& limits) const;

    const std::string& pattern() const { return pattern_; }
    bool jit() const { return jit_; }

private:
    struct CodeFree {
        void operator()(pcre2_real_code_8* c) const;
    };
    Regex() = default;
    std::shared_ptr<pcre2_real_code_8> code_;
    std::string pattern_;
    Limits limits_;
    bool jit_ = false;
};

}  // namespace mp::rules
