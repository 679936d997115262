// lexer.cpp: see lexer.hpp.
#include "config/lexer.hpp"

#include <cstdio>

namespace mp::config {

namespace {
bool blank(unsigned char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; }

std::string hex_byte(unsigned char c) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "\\x%02x", c);
    return buf;
}
}  // namespace

bool word_byte(unsigned char c) {
    if (c < 0x20 || c == 0x7f || blank(c)) return false;
    switch (c) {
        case '{': case '}': case ';': case ',': case '=': case '"': case '#': return false;
        default: return true;
    }
}

std::string describe(const Token& t) {
    switch (t.kind) {
        case Tok::Word: return "'" + (t.text.size() > 40 ? t.text.substr(0, 40) + "..." : t.text) + "'";
        case Tok::String: return "string \"" + (t.text.size() > 40 ? t.text.substr(0, 40) + "..." : t.text) + "\"";
        case Tok::LBrace: return "'{'";
        case Tok::RBrace: return "'}'";
        case Tok::Semi: return "';'";
        case Tok::Comma: return "','";
        case Tok::Equals: return "'='";
        case Tok::End: return "end of file";
    }
    return "?";
}

const Token& Lexer::peek(size_t ahead) {
    while (ahead_.size() <= ahead) ahead_.push_back(scan());
    return ahead_[ahead];
}

Token Lexer::take() {
    peek();
    Token t = std::move(ahead_.front());
    ahead_.pop_front();
    return t;
}

char Lexer::get() {
    char c = text_[pos_++];
    if (c == '\n') {
        ++line_;
        column_ = 1;
    } else {
        ++column_;
    }
    return c;
}

void Lexer::skip_blanks_and_comments() {
    while (pos_ < text_.size()) {
        unsigned char c = text_[pos_];
        if (blank(c)) {
            get();
        } else if (c == '#') {
            while (pos_ < text_.size() && text_[pos_] != '\n') get();
        } else if (!word_byte(c) && c != '"' && c < 0x20) {
            diag_.error(line_, column_, "unexpected character '" + hex_byte(c) + "'");
            get();
            if (diag_.full()) pos_ = text_.size();
        } else if (c == 0x7f) {
            diag_.error(line_, column_, "unexpected character '" + hex_byte(c) + "'");
            get();
        } else {
            return;
        }
    }
}

Token Lexer::scan() {
    skip_blanks_and_comments();
    Token t;
    t.line = line_;
    t.column = column_;
    if (pos_ >= text_.size() || diag_.full()) {
        t.end_line = line_;
        t.end_column = column_;
        return t;
    }
    unsigned char c = text_[pos_];
    if (c == '"') return string();
    if (word_byte(c)) return word();
    switch (get()) {
        case '{': t.kind = Tok::LBrace; break;
        case '}': t.kind = Tok::RBrace; break;
        case ';': t.kind = Tok::Semi; break;
        case ',': t.kind = Tok::Comma; break;
        default: t.kind = Tok::Equals; break;
    }
    t.end_line = line_;
    t.end_column = column_;
    return t;
}

Token Lexer::word() {
    Token t{Tok::Word, {}, line_, column_, 0, 0};
    size_t start = pos_;
    while (pos_ < text_.size() && word_byte(text_[pos_])) get();
    t.text.assign(text_.substr(start, pos_ - start));
    t.end_line = line_;
    t.end_column = column_;
    return t;
}

// A string ends on its own line, as in C; long ones are split as "a " "b".
Token Lexer::string() {
    Token t{Tok::String, {}, line_, column_, 0, 0};
    get();  // opening quote
    for (;;) {
        if (pos_ >= text_.size() || text_[pos_] == '\n') {
            diag_.error(t.line, t.column,
                        "unterminated string (a string ends on its line; split long ones as \"...\" \"...\")");
            t.broken = true;
            break;
        }
        unsigned char c = text_[pos_];
        if (c == '"') {
            get();
            break;
        }
        if (c == '\\') {
            if (!escape(t.text)) continue;
        } else if ((c < 0x20 && c != '\t') || c == 0x7f) {
            diag_.error(line_, column_, "control character '" + hex_byte(c) + "' in string");
            get();
        } else {
            t.text.push_back(get());
        }
    }
    t.end_line = line_;
    t.end_column = column_;
    return t;
}

// Consumes a backslash escape, appending its byte; false when it ends the line.
bool Lexer::escape(std::string& out) {
    int line = line_, column = column_;
    get();  // backslash
    if (pos_ >= text_.size() || text_[pos_] == '\n') return false;
    char c = get();
    switch (c) {
        case '"': out.push_back('"'); break;
        case '\\': out.push_back('\\'); break;
        case 'n': out.push_back('\n'); break;
        case 't': out.push_back('\t'); break;
        case 'r': out.push_back('\r'); break;
        default:
            diag_.error(line, column, "unknown escape '\\" +
                                          (word_byte(c) ? std::string(1, c) : hex_byte(c)) +
                                          "' in string (known: \\\" \\\\ \\n \\t \\r)");
    }
    return true;
}

}  // namespace mp::config
