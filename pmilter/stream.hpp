// stream.hpp: the message as libpmilter's msg callback delivers it (headers
// and body in one byte stream, chunks of any size and boundary) turned into
// the calls the milter adapter makes: header(name, value) per field, eoh()
// once, body(chunk) for the body bytes.
//
// The bytes are taken as they are on the wire (an assumption about MeTA1,
// see docs/pmilter.md): CRLF line ends, dot-stuffed, possibly followed by the
// final "." line. So a line starting ".." loses one dot, and "\r\n.\r\n"
// ends the data wherever the chunk boundaries fall (inside the last chunk, or
// split across two); bytes after it are ignored. Without it, finish() (at
// eom) ends the data. A bare LF is accepted as a line end.
//
// Header values are given as libmilter gives them with SMFIP_HDR_LEADSPC:
// everything after the colon, leading blank included, folded lines joined
// with their CRLF. The body is everything after the blank line, CRLFs kept.
// A line in the header block that is not a field (no colon, not folded)
// ends the header block and starts the body, as sendmail 8 does.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace mp::pmilter {

class MessageSink {
public:
    virtual ~MessageSink() = default;
    virtual void header(std::string_view name, std::string_view value) = 0;
    virtual void eoh() = 0;
    virtual void body(std::string_view chunk) = 0;
};

class MessageStream {
public:
    // Feed the next chunk; the sink sees every complete header and the body
    // bytes known not to belong to the final dot.
    void feed(std::string_view chunk, MessageSink& sink);
    // End of data (eom): pending header, eoh() if not yet given, held bytes.
    void finish(MessageSink& sink);
    // Names of the header fields seen, in order (for hdr_mod positions).
    const std::vector<std::string>& header_names() const { return names_; }
    bool ended() const { return state_ == State::Done; }
    void reset() { *this = MessageStream(); }

private:
    enum class State { Headers, Body, Done };
    void header_byte(char c, MessageSink& sink);
    void header_line(MessageSink& sink);
    void flush_field(MessageSink& sink);
    void end_headers(MessageSink& sink);
    void body_byte(char c, std::string& out);

    State state_ = State::Headers;
    bool line_start_ = true;
    std::string held_;   // body: "." or ".\r" at a line start, not yet known to be data
    std::string line_;   // headers: the current line without its line end
    std::string name_, value_;  // headers: the field being collected (may be folded)
    std::vector<std::string> names_;
};

}  // namespace mp::pmilter
