// parser.cpp: recursive descent over the token stream (see syntax.hpp).
// Each entry either parses or reports one error and skips to a sync point,
// so a missing ';' does not hide the errors after it.
#include <string>

#include "config/lexer.hpp"
#include "config/syntax.hpp"

namespace mp::config {

namespace {

bool is_value(Tok k) { return k == Tok::Word || k == Tok::String; }

class Parser {
public:
    Parser(std::string_view text, DiagSink& diag) : lex_(text, diag), diag_(diag) {}

    RawSection run() {
        RawSection root;
        entries(root, 0);
        return root;
    }

private:
    void entries(RawSection& into, int depth);
    void entry(RawSection& into, int depth);
    void section(RawSection& into, Token keyword, int depth);
    void option(RawSection& into, Token name);
    bool scalar(RawOption& opt);
    void list(RawOption& opt);
    bool item(RawItem& out, bool in_list);
    void error_at(const Token& t, const std::string& msg) { diag_.error(t.line, t.column, msg); }
    void expected(const std::string& what) { error_at(lex_.peek(), "expected " + what + ", got " + describe(lex_.peek())); }
    void recover();
    void recover_list();
    bool entry_starts_here();
    void skip_block();

    Lexer lex_;
    DiagSink& diag_;
    int last_line_ = 0, last_column_ = 0;  // just past the last value token
    bool last_broken_ = false;
};

void Parser::entries(RawSection& into, int depth) {
    for (;;) {
        if (diag_.full()) return;
        const Token& t = lex_.peek();
        if (t.kind == Tok::End) {
            if (depth > 0)
                error_at(t, "expected '}' to close section '" + into.keyword + (into.has_label ? " " + into.label : "") +
                                "' opened at line " +
                                std::to_string(into.line) + ", got end of file");
            return;
        }
        if (t.kind == Tok::RBrace) {
            if (depth > 0) return;
            error_at(t, "unexpected '}' at top level (no section is open)");
            lex_.take();
            continue;
        }
        entry(into, depth);
    }
}

void Parser::entry(RawSection& into, int depth) {
    const Token& t = lex_.peek();
    if (t.kind == Tok::Semi) {
        error_at(t, "unexpected ';' (no option before it)");
        lex_.take();
        return;
    }
    if (t.kind != Tok::Word) {
        expected("an option or section name");
        recover();
        return;
    }
    Token name = lex_.take();
    Tok next = lex_.peek().kind;
    if (next == Tok::Equals) {
        option(into, std::move(name));
    } else if (next == Tok::LBrace || is_value(next)) {
        section(into, std::move(name), depth);
    } else {
        expected("'=' or '{' after '" + name.text + "'");
        recover();
    }
}

void Parser::section(RawSection& into, Token keyword, int depth) {
    RawSection s;
    s.keyword = keyword.text;
    s.line = keyword.line;
    s.column = keyword.column;
    if (is_value(lex_.peek().kind)) {
        Token label = lex_.take();
        s.label = label.text;
        s.has_label = true;
        s.label_line = label.line;
        s.label_column = label.column;
    }
    if (lex_.peek().kind != Tok::LBrace) {
        expected("'{' after section '" + s.keyword + (s.has_label ? " " + s.label : "") + "'");
        recover();
        return;
    }
    Token open = lex_.take();
    if (depth + 1 > kMaxDepth) {
        error_at(open, "sections nested deeper than " + std::to_string(kMaxDepth) + " levels");
        skip_block();
        return;
    }
    entries(s, depth + 1);
    if (lex_.peek().kind == Tok::RBrace) lex_.take();
    if (lex_.peek().kind == Tok::Semi) lex_.take();
    into.sections.push_back(std::move(s));
}

void Parser::option(RawSection& into, Token name) {
    RawOption opt;
    opt.name = name.text;
    opt.line = name.line;
    opt.column = name.column;
    lex_.take();  // '='
    const Token& t = lex_.peek();
    opt.value.line = t.line;
    opt.value.column = t.column;
    if (t.kind == Tok::LBrace) {
        list(opt);
    } else if (!scalar(opt)) {
        return;
    }
    into.options.push_back(std::move(opt));
}

// value ";" -- a missing ';' before '}', end of file or the next "name ="
// is reported right after the value, and parsing goes on from there.
bool Parser::scalar(RawOption& opt) {
    RawItem it;
    if (!item(it, false)) {
        expected("a value after '" + opt.name + " ='");
        recover();
        return false;
    }
    opt.value.items.push_back(std::move(it));
    const Token& t = lex_.peek();
    if (t.kind == Tok::Semi) {
        lex_.take();
        return true;
    }
    if (t.kind == Tok::RBrace || t.kind == Tok::End || t.kind == Tok::Word) {
        if (!last_broken_)  // an unterminated string was already reported
            diag_.error(last_line_, last_column_, "expected ';' after the value of '" + opt.name + "'");
        return true;
    }
    error_at(t, "expected ';' after the value of '" + opt.name + "', got " + describe(t) +
                    (t.kind == Tok::Comma ? " (write a list as { a, b })" : ""));
    recover();
    return false;
}

void Parser::list(RawOption& opt) {
    opt.value.is_list = true;
    lex_.take();  // '{'
    for (;;) {
        if (lex_.peek().kind == Tok::RBrace) break;
        RawItem it;
        if (!item(it, true)) {
            expected("a value or '}' in the list of '" + opt.name + "'");
            return recover_list();
        }
        opt.value.items.push_back(std::move(it));
        if (lex_.peek().kind == Tok::Comma) {
            lex_.take();
            continue;
        }
        if (lex_.peek().kind == Tok::RBrace) break;
        expected("',' or '}' in the list of '" + opt.name + "'");
        return recover_list();
    }
    lex_.take();  // '}'
    if (lex_.peek().kind == Tok::Semi) lex_.take();
}

// Words and strings up to a delimiter. In a scalar, a word followed by '='
// or '{' (or a word/string then '{') starts the next entry: the ';' was
// forgotten, so the value stops there.
bool Parser::item(RawItem& out, bool in_list) {
    bool any = false, prev_string = false;
    while (is_value(lex_.peek().kind)) {
        if (any && !in_list && entry_starts_here()) break;
        Token tok = lex_.take();
        if (!any) {
            out.line = tok.line;
            out.column = tok.column;
        } else if (!(prev_string && tok.kind == Tok::String)) {
            out.text.push_back(' ');
        }
        out.text += tok.text;
        prev_string = tok.kind == Tok::String;
        last_line_ = tok.end_line;
        last_column_ = tok.end_column;
        last_broken_ = tok.broken;
        any = true;
    }
    return any;
}

// Skip to just after the next ';' or to the '}' closing the current section.
void Parser::recover() {
    for (;;) {
        const Token& t = lex_.peek();
        if (t.kind == Tok::End || t.kind == Tok::RBrace) return;
        if (t.kind == Tok::Semi) {
            lex_.take();
            return;
        }
        if (t.kind == Tok::LBrace) {
            lex_.take();
            skip_block();
            continue;
        }
        lex_.take();
    }
}

// Inside a broken list: skip to its '}' (and a following ';'). A ';' that
// is followed by '}' or the start of an entry means the list was never
// closed: stop there rather than eat the enclosing section's '}'.
void Parser::recover_list() {
    for (;;) {
        Tok k = lex_.peek().kind;
        if (k == Tok::End) return;
        if (k == Tok::LBrace) {
            lex_.take();
            skip_block();
            continue;
        }
        lex_.take();
        if (k == Tok::RBrace) break;
        if (k == Tok::Semi && (lex_.peek().kind == Tok::RBrace || lex_.peek().kind == Tok::End || entry_starts_here()))
            return;
    }
    if (lex_.peek().kind == Tok::Semi) lex_.take();
}

// "name =", "name {" or "name label {" ahead.
bool Parser::entry_starts_here() {
    if (lex_.peek().kind != Tok::Word) return false;
    Tok n1 = lex_.peek(1).kind;
    return n1 == Tok::Equals || n1 == Tok::LBrace || (is_value(n1) && lex_.peek(2).kind == Tok::LBrace);
}

// After a '{': skip to its matching '}' (and a following ';').
void Parser::skip_block() {
    long depth = 1;
    while (depth > 0) {
        Token t = lex_.take();
        if (t.kind == Tok::End) return;
        if (t.kind == Tok::LBrace) ++depth;
        if (t.kind == Tok::RBrace) --depth;
    }
    if (lex_.peek().kind == Tok::Semi) lex_.take();
}

}  // namespace

RawSection parse_syntax(std::string_view text, DiagSink& diag) { return Parser(text, diag).run(); }

}  // namespace mp::config
