// canon.hpp: DKIM canonicalization (RFC 6376 3.4). Header fields are small and
// canonicalized whole; the body is streamed through BodyCanon, which keeps only
// a few bytes of state (a pending CR, a pending whitespace run, the count of
// empty lines seen so far), so a message of any size and any chunking gives the
// same bytes out as the whole body would.
//
// Pitfall (line endings): a milter receives header values as the MTA stores
// them. sendmail 8 keeps headers with bare LF inside folded values ("a\n\tb"),
// while the message on the wire carries CRLF. wire_value() turns each bare LF
// into CRLF so simple canonicalization hashes what the next hop will see; a
// value already in CRLF form passes unchanged.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "dkim/types.hpp"

namespace mp::dkim {

// The header value as it appears on the wire: every bare LF becomes CRLF.
std::string wire_value(std::string_view value);

// One canonicalized header field including its trailing CRLF. `value` is the
// wire form of everything after the colon (leading space included).
std::string canon_header(Canon c, std::string_view name, std::string_view value);

// The canonicalized fields h= names, in h= order: a repeated name takes
// instances from the bottom up, a name with none left adds nothing (RFC 6376
// 5.4.2). `headers` are (name, wire value) in message order. The signer and
// the verifier both hash this block.
std::string signed_header_block(const std::vector<std::pair<std::string, std::string>>& headers,
                                const std::vector<std::string>& names, Canon c);

// Receives canonicalized body bytes.
class BodySink {
public:
    virtual void write(std::string_view bytes) = 0;

protected:
    ~BodySink() = default;
};

class BodyCanon {
public:
    BodyCanon(Canon c, BodySink& sink) : relaxed_(c == Canon::Relaxed), sink_(sink) {}
    // Body bytes in any split; CRLF (or bare LF) ends a line.
    void feed(std::string_view chunk);
    // Ends the body (adds the final CRLF rules of 3.4.3/3.4.4); call once.
    void finish();
    uint64_t length() const { return length_; }  // canonical bytes written so far

private:
    void content(char c);
    void end_line();
    void start_line();
    void emit(std::string_view s);
    void flush();

    bool relaxed_;
    BodySink& sink_;
    bool pending_cr_ = false;
    bool pending_wsp_ = false;   // relaxed: whitespace run not yet written
    bool line_started_ = false;  // current line has written content
    uint64_t empty_lines_ = 0;   // empty lines held back (may be trailing)
    uint64_t length_ = 0;
    std::string buf_;
};

}  // namespace mp::dkim
