// regex.cpp: pcre2 compile and match with limits. See regex.hpp.
// Each thread keeps one match context, one JIT stack and one match data
// (pcre2 forbids sharing them between concurrent matches; a match is over,
// its text copied out, before the next one on the thread starts).
#define PCRE2_CODE_UNIT_WIDTH 8
#include "rules/regex.hpp"

#include <pcre2.h>

namespace mp::rules {

namespace {

std::string pcre2_text(int code) {
    PCRE2_UCHAR buf[256];
    if (pcre2_get_error_message(code, buf, sizeof buf) < 0) return "pcre2 error " + std::to_string(code);
    return reinterpret_cast<const char*>(buf);
}

struct MatchContextFree {
    void operator()(pcre2_match_context* c) const { pcre2_match_context_free(c); }
};
struct JitStackFree {
    void operator()(pcre2_jit_stack* s) const { pcre2_jit_stack_free(s); }
};
struct MatchDataFree {
    void operator()(pcre2_match_data* m) const { pcre2_match_data_free(m); }
};

// This thread's match context with its JIT stack (32 KB growing to 1 MB),
// and its match data: 32 pairs, enough for group 0 whatever the pattern
// (a pattern with more groups returns 0 and still sets group 0).
struct ThreadMatch {
    std::unique_ptr<pcre2_match_context, MatchContextFree> ctx{pcre2_match_context_create(nullptr)};
    std::unique_ptr<pcre2_jit_stack, JitStackFree> stack{pcre2_jit_stack_create(32 * 1024, 1024 * 1024, nullptr)};
    std::unique_ptr<pcre2_match_data, MatchDataFree> md{pcre2_match_data_create(32, nullptr)};
    ThreadMatch() {
        if (ctx && stack) pcre2_jit_stack_assign(ctx.get(), nullptr, stack.get());
    }
};

ThreadMatch* thread_match(const Limits& l) {
    thread_local ThreadMatch tm;
    if (!tm.ctx || !tm.md) return nullptr;
    pcre2_set_match_limit(tm.ctx.get(), l.match);
    pcre2_set_depth_limit(tm.ctx.get(), l.depth);
    return &tm;
}

bool is_limit(int rc) {
    return rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT || rc == PCRE2_ERROR_HEAPLIMIT ||
           rc == PCRE2_ERROR_JIT_STACKLIMIT;
}

}  // namespace

void Regex::CodeFree::operator()(pcre2_real_code_8* c) const { pcre2_code_free(c); }

Result<Regex> Regex::compile(std::string_view pattern, Limits limits) {
    int err = 0;
    PCRE2_SIZE offset = 0;
    pcre2_code* code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(),
                                     PCRE2_UTF | PCRE2_MATCH_INVALID_UTF, &err, &offset, nullptr);
    if (!code) return fail("bad pattern at offset " + std::to_string(offset) + ": " + pcre2_text(err));
    Regex r;
    r.code_.reset(code, CodeFree{});
    r.pattern_ = std::string(pattern);
    r.limits_ = limits;
    r.jit_ = pcre2_jit_compile(code, PCRE2_JIT_COMPLETE) == 0;  // no JIT: the interpreter, same limits
    return r;
}

Result<std::optional<std::string>, MatchError> Regex::match(std::string_view subject) const {
    return match(subject, limits_);
}

Result<std::optional<std::string>, MatchError> Regex::match(std::string_view subject, const Limits& limits) const {
    ThreadMatch* tm = thread_match(limits);
    if (!tm) return Unexpected<MatchError>{{MatchError::Kind::Other, "out of memory"}};
    pcre2_match_data* md = tm->md.get();
    // The JIT fast path skips pcre2_match's per-call checks; with
    // PCRE2_MATCH_INVALID_UTF the JIT code itself copes with invalid UTF-8.
    auto* subj = reinterpret_cast<PCRE2_SPTR>(subject.data());
    int rc = jit_ ? pcre2_jit_match(code_.get(), subj, subject.size(), 0, 0, md, tm->ctx.get())
                  : pcre2_match(code_.get(), subj, subject.size(), 0, 0, md, tm->ctx.get());
    if (rc == PCRE2_ERROR_NOMATCH) return std::optional<std::string>{};
    if (is_limit(rc)) return Unexpected<MatchError>{{MatchError::Kind::Limit, "match limit exceeded"}};
    if (rc < 0) return Unexpected<MatchError>{{MatchError::Kind::Other, pcre2_text(rc)}};
    const PCRE2_SIZE* ov = pcre2_get_ovector_pointer(md);
    if (ov[0] > ov[1] || ov[1] > subject.size()) return std::optional<std::string>{std::string()};  // \K oddities
    return std::optional<std::string>{std::string(subject.substr(ov[0], ov[1] - ov[0]))};
}

}  // namespace mp::rules
