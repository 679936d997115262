// mime.hpp: a small streaming MIME walker for the body matcher. It is fed
// the message's top-level header fields (as the MTA hands them over) and
// then the body in chunks of any size, and keeps the decoded text of the
// text parts: multipart boundaries are followed (nested up to 8 levels),
// base64 and quoted-printable text parts are decoded, message/rfc822 parts
// are entered, and every other part (images, applications) is skipped. MIME
// structure (part headers, boundary lines) is not text. text() holds lines
// ended by '\n' (a CR before it is dropped); no charset is converted.
//
//   MimeWalker w(64 * 1024);
//   w.header("Content-Type", "multipart/mixed; boundary=b");
//   w.body(chunk); ...; w.finish();
//   for each line of w.text(): match
//
// Guarantees: bounded memory whatever the input: at most `max` raw body
// bytes are read (the rest is ignored), the text is at most `max` bytes, a
// line or a part's header block longer than its bound is cut, and no size or
// count in the message is trusted. Malformed MIME never fails: a multipart
// without a boundary, or part headers that are not header fields, is taken
// as raw text, so it is still matched.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "rules/mime_decode.hpp"

namespace mp::rules {

class MimeWalker {
public:
    explicit MimeWalker(size_t max) : max_(max) {}

    void header(std::string_view name, std::string_view value);  // top-level, before body()
    void body(std::string_view chunk);
    void finish();  // end of data: the last line without a line end

    const std::string& text() const { return text_; }
    // True while more body could still change text().
    bool wants_body() const { return read_ < max_; }

private:
    enum class Mode { Text, Skip };
    struct Entity {  // the headers of the part being read
        ContentType type;
        Encoding enc = Encoding::Identity;
    };

    void whole_line(std::string_view l);
    void line(std::string_view l);
    bool boundary(std::string_view l);
    void part_header_line(std::string_view l);
    void end_part_headers();
    void start_body(const Entity& e);
    void body_line(std::string_view l);
    void emit(std::string_view bytes);
    void end_text();
    void entity_field(std::string_view field);

    size_t max_;
    size_t read_ = 0;       // raw body bytes taken
    bool started_ = false;  // top-level headers ended
    std::string pending_;   // an unfinished body line
    std::string text_;
    Entity top_;            // from header()
    std::vector<std::string> boundaries_;  // innermost last
    bool in_headers_ = false;  // reading a part's header block
    std::string field_;        // the part header field being unfolded
    size_t header_bytes_ = 0;
    Entity part_;
    Mode mode_ = Mode::Text;
    Encoding enc_ = Encoding::Identity;
    Base64Decoder b64_;
    std::string scratch_;  // one decoded line
};

}  // namespace mp::rules
