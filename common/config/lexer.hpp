// lexer.hpp: tokens of the sendmail X configuration grammar (sendmail X README 3.2).
// Words are runs of bytes not special to the grammar (not blank, not
// { } ; , = " #, not a control byte); strings are "..." with C escapes
// (\" \\ \n \t \r) and end on their line. '#' starts a comment outside
// strings. Lexical errors go to the DiagSink and the offending byte is
// skipped, so the parser only ever sees well-formed tokens. Streaming: the
// input is never copied into a token vector.
#pragma once
#include <deque>
#include <string>
#include <string_view>

#include "config/diag.hpp"

namespace mp::config {

enum class Tok { Word, String, LBrace, RBrace, Semi, Comma, Equals, End };

struct Token {
    Tok kind = Tok::End;
    std::string text;  // word text, or the string's unescaped contents
    int line = 0, column = 0;
    int end_line = 0, end_column = 0;  // just past the last byte
    bool broken = false;               // an unterminated string (already reported)
};

// "'word'", "string \"...\"", "'{'", "end of file": for "got X" in messages.
std::string describe(const Token& t);

class Lexer {
public:
    Lexer(std::string_view text, DiagSink& diag) : text_(text), diag_(diag) {}
    const Token& peek(size_t ahead = 0);
    Token take();

private:
    Token scan();
    void skip_blanks_and_comments();
    Token word();
    Token string();
    bool escape(std::string& out);
    char get();

    std::string_view text_;
    DiagSink& diag_;
    size_t pos_ = 0;
    int line_ = 1, column_ = 1;
    std::deque<Token> ahead_;
};

// True for a byte that may appear in a bare word.
bool word_byte(unsigned char c);

}  // namespace mp::config
