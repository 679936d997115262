// mime_decode.hpp: the pieces of MIME the body matcher needs, each a small
// streaming value: the Content-Type and Content-Transfer-Encoding of one
// entity (RFC 2045 5, 6; RFC 2046 5.1.1 boundary), and decoders for base64
// and quoted-printable text fed one line at a time. Used by MimeWalker
// (mime.hpp); nothing here allocates more than the output it appends.
//
// Guarantees: every input is accepted. Bytes outside the base64 alphabet are
// skipped, a broken =XX escape in quoted-printable is kept as written, an
// unknown encoding is taken as identity; nothing is read past a view's end.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace mp::rules {

enum class Encoding { Identity, Base64, QuotedPrintable };

struct ContentType {
    std::string type;      // "text/plain", lowercase; empty when absent
    std::string boundary;  // multipart: the boundary parameter, as written
    bool text() const { return type.empty() || type.compare(0, 5, "text/") == 0; }
    bool multipart() const { return type.compare(0, 10, "multipart/") == 0; }
    bool message() const { return type == "message/rfc822"; }
};

// "multipart/mixed; boundary=\"b1\"" -> {multipart/mixed, b1}; a boundary
// longer than 200 bytes (RFC 2046 allows 70) is dropped.
ContentType parse_content_type(std::string_view value);
// "base64", "quoted-printable" (any case); everything else is identity.
Encoding parse_encoding(std::string_view value);

// base64 across lines: 4-character quanta may span line ends.
class Base64Decoder {
public:
    void feed(std::string_view line, std::string& out);
    void reset() { bits_ = 0, nbits_ = 0; }

private:
    uint32_t bits_ = 0;
    int nbits_ = 0;
};

// One quoted-printable line (without its line end) -> its decoded bytes;
// a line ending in '=' is a soft line break, any other ends with '\n'.
void decode_qp_line(std::string_view line, std::string& out);

}  // namespace mp::rules
