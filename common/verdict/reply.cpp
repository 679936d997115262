// reply.cpp: see reply.hpp.
#include "verdict/reply.hpp"

namespace mp::verdict {

namespace {

using Fail = Unexpected<ReplyError>;

bool digit(char c) { return c >= '0' && c <= '9'; }
bool blank(char c) { return c == ' ' || c == '\t'; }

size_t skip_blanks(std::string_view s, size_t i) {
    while (i < s.size() && blank(s[i])) ++i;
    return i;
}

size_t word_end(std::string_view s, size_t i) {
    while (i < s.size() && !blank(s[i])) ++i;
    return i;
}

bool class_allowed(char c, ReplyRules::Class accept) {
    using C = ReplyRules::Class;
    return (c == '4' && accept != C::Permanent) || (c == '5' && accept != C::Temporary);
}

const char* class_words(ReplyRules::Class accept) {
    using C = ReplyRules::Class;
    return accept == C::Temporary ? "4yz" : accept == C::Permanent ? "5yz" : "4yz or 5yz";
}

Result<std::string, ReplyError> reply_code(std::string_view text, size_t at, const ReplyRules& rules) {
    std::string_view w = text.substr(at, word_end(text, at) - at);
    if (w.size() != 3 || !digit(w[0]) || !digit(w[1]) || !digit(w[2]))
        return Fail{{at, "expected a three-digit reply code, got '" + std::string(text.substr(at, 16)) + "'"}};
    if (!class_allowed(w[0], rules.accept) || w[1] > '5')
        return Fail{{at, "reply code " + std::string(w) + " is not a " + class_words(rules.accept) + " rejection"}};
    return std::string(w);
}

// The enhanced code at `at` ("" when the word there is not one and none is required).
Result<std::string, ReplyError> enhanced(std::string_view text, size_t at, const std::string& code,
                                         const ReplyRules& rules) {
    std::string_view w = text.substr(at, word_end(text, at) - at);
    if (w.empty() || !digit(w[0]) || w.find('.') == std::string_view::npos) {
        if (!rules.xcode_required) return std::string();
        return Fail{{at, "expected an enhanced status code (e.g. " + std::string(1, code[0]) +
                             ".7.1) after reply code " + code}};
    }
    if (!is_enhanced_code(w)) return Fail{{at, "malformed enhanced status code '" + std::string(w) + "'"}};
    if (rules.xcode_class_matches && w[0] != code[0])
        return Fail{{at, "enhanced status code " + std::string(w) + " does not match reply code " + code}};
    return std::string(w);
}

Result<std::string, ReplyError> reply_text(std::string_view text, size_t at, const ReplyRules& rules) {
    at = skip_blanks(text, at);
    // Only blanks end the text: util::trim would also drop a CR or LF at
    // either end, letting a control character through and, at the start,
    // hiding a malformed enhanced code ("550 \r5.7x" became text "5.7x").
    std::string_view t = text.substr(at);
    while (!t.empty() && blank(t.back())) t.remove_suffix(1);
    if (t.empty() && rules.text_required) return Fail{{at, "expected a text after the reply code"}};
    for (size_t i = 0; i < t.size(); ++i)
        if (static_cast<unsigned char>(t[i]) < 0x20 || t[i] == 0x7f)
            return Fail{{at + i, "reply text must not contain control characters"}};
    return std::string(t);
}

}  // namespace

std::string Reply::str() const {
    std::string out = code;
    if (!xcode.empty()) out += " " + xcode;
    if (!text.empty()) out += " " + text;
    return out;
}

Reply soft_bounced(Reply r) {
    if (!r.code.empty() && r.code[0] == '5') r.code[0] = '4';
    if (!r.xcode.empty() && r.xcode[0] == '5') r.xcode[0] = '4';
    return r;
}

Result<Reply, ReplyError> parse_reply(std::string_view text, const ReplyRules& rules) {
    size_t at = skip_blanks(text, 0);
    auto code = reply_code(text, at, rules);
    if (!code) return Fail{code.error()};
    at = skip_blanks(text, at + 3);
    auto xcode = enhanced(text, at, *code, rules);
    if (!xcode) return Fail{xcode.error()};
    auto body = reply_text(text, at + xcode->size(), rules);
    if (!body) return Fail{body.error()};
    return Reply{std::move(*code), std::move(*xcode), std::move(*body)};
}

// class.subject.detail: class 2, 4 or 5; subject and detail 1-3 digits each.
bool is_enhanced_code(std::string_view s) {
    if (s.size() < 5 || (s[0] != '2' && s[0] != '4' && s[0] != '5') || s[1] != '.') return false;
    size_t i = 2;
    for (int part = 0; part < 2; ++part) {
        size_t start = i;
        while (i < s.size() && digit(s[i])) ++i;
        if (i == start || i - start > 3) return false;
        if (part == 0 && (i == s.size() || s[i++] != '.')) return false;
    }
    return i == s.size();
}

}  // namespace mp::verdict
