// test_rules_mime.cpp: the MIME walker and its decoders (rules/mime.hpp,
// rules/mime_decode.hpp), table-driven: top-level header fields and a raw
// body in, the decoded text out. Every case is also fed one byte at a time
// and must give the same text (chunk boundaries never matter), and the
// bounds hold on hostile input (huge lines, deep nesting, endless headers).
#include <doctest/doctest.h>

#include <string>
#include <utility>
#include <vector>

#include "rules/mime.hpp"

using mp::rules::MimeWalker;

namespace {

struct Case {
    const char* name;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    std::string text;
    size_t max = 64 * 1024;
};

std::string walk(const Case& c, size_t chunk) {
    MimeWalker w(c.max);
    for (const auto& [n, v] : c.headers) w.header(n, v);
    for (size_t i = 0; i < c.body.size(); i += chunk) w.body(std::string_view(c.body).substr(i, chunk));
    w.finish();
    return w.text();
}

const std::string kMixed =
    "This is a multi-part message in MIME format.\r\n"
    "--outer\r\n"
    "Content-Type: text/plain; charset=utf-8\r\n"
    "\r\n"
    "first part\r\n"
    "--outer\r\n"
    "Content-Type: text/plain;\r\n"
    "\tcharset=utf-8\r\n"
    "Content-Transfer-Encoding: base64\r\n"
    "\r\n"
    "QnV5IGNoZWFwIHdhdGNoZXMg\r\n"  // "Buy cheap watches " (quanta span lines)
    "bm93IQpzZWNvbmQgbGluZQ==\r\n"  // "now!\nsecond line"
    "--outer\r\n"
    "Content-Type: image/png\r\n"
    "Content-Transfer-Encoding: base64\r\n"
    "\r\n"
    "iVBORw0KGgo=\r\n"
    "--outer--\r\n"
    "epilogue is not text\r\n";

const std::vector<Case>& cases() {
    static const std::vector<Case> c = {
        {"plain text, CRLF line ends", {}, "hello\r\nworld\r\n", "hello\nworld\n"},
        {"no Content-Type: text/plain", {{"Subject", "x"}}, "a\r\n\r\nb", "a\n\nb\n"},
        {"single part base64",
         {{"Content-Type", "text/plain"}, {"Content-Transfer-Encoding", " BASE64"}},
         "aGVsbG8gd29y\r\nbGQ=\r\n", "hello world\n"},
        {"single part quoted-printable",
         {{"Content-Type", "text/plain"}, {"Content-Transfer-Encoding", "quoted-printable"}},
         "caf=C3=A9 soft=\r\nbreak   \r\nbad =ZZ and =4\r\n", "caf\xC3\xA9 softbreak\nbad =ZZ and =4\n"},
        {"multipart/mixed: text, base64 text, image skipped",
         {{"Content-Type", "multipart/mixed; boundary=\"outer\""}}, kMixed,
         "first part\nBuy cheap watches now!\nsecond line\n"},
        {"a folded top-level Content-Type (as the MTA passes it)",
         {{"Content-Type", "multipart/mixed;\r\n\tcharset=x;\n\tboundary=a\n\t"}},
         "--a\r\n\r\nfolded\r\n--a--\r\n", "folded\n"},
        {"nested multipart/alternative",
         {{"Content-Type", "multipart/mixed; boundary=a"}},
         "--a\r\nContent-Type: multipart/alternative; boundary=\"b\"\r\n\r\npre\r\n--b\r\n\r\nplain\r\n"
         "--b\r\nContent-Type: text/html\r\n\r\n<p>html</p>\r\n--b--\r\n--a\r\n\r\nafter\r\n--a--\r\n",
         "plain\n<p>html</p>\nafter\n"},
        {"an inner part left open is closed by the outer boundary",
         {{"Content-Type", "multipart/mixed; boundary=a"}},
         "--a\r\nContent-Type: multipart/alternative; boundary=b\r\n\r\n--b\r\n\r\ninner\r\n--a\r\n\r\nouter\r\n",
         "inner\nouter\n"},
        {"message/rfc822 is entered",
         {{"Content-Type", "multipart/mixed; boundary=a"}},
         "--a\r\nContent-Type: message/rfc822\r\n\r\nSubject: fwd\r\nContent-Type: text/plain\r\n"
         "Content-Transfer-Encoding: base64\r\n\r\naW5uZXI=\r\n--a--\r\n",
         "inner\n"},
        {"multipart without a boundary: raw text",
         {{"Content-Type", "multipart/mixed"}}, "--x\r\nraw\r\n", "--x\nraw\n"},
        {"part headers that are not headers: raw text",
         {{"Content-Type", "multipart/mixed; boundary=a"}}, "--a\r\nno colon here\r\nmore\r\n--a--\r\n",
         "no colon here\nmore\n"},
        {"garbage in base64 is skipped",
         {{"Content-Transfer-Encoding", "base64"}}, "aGk*!\r\n\x01\x02\r\n", "hi\n"},
        {"base64 text without a final line end still ends a line",
         {{"Content-Type", "multipart/mixed; boundary=a"}},
         "--a\r\nContent-Transfer-Encoding: base64\r\n\r\nYQ==\r\n--a\r\n\r\nb\r\n--a--\r\n", "a\nb\n"},
        {"boundary with trailing blanks; a longer line is not a boundary",
         {{"Content-Type", "multipart/mixed; boundary=a"}},
         "--a  \r\n\r\nx\r\n--ab\r\n--a--\t\r\n", "x\n--ab\n"},
        {"CRLF inside base64 text", {{"Content-Transfer-Encoding", "base64"}}, "YQ0KYg0K\r\n", "a\nb\n"},
        {"a line over 8 KB is cut there", {}, std::string(10000, 'x') + "\r\nend",
         std::string(8192, 'x') + "\n" + std::string(1808, 'x') + "\nend\n"},
        {"only the first max bytes are read", {}, "0123456789abcdef\r\n", "0123456789", 10},
        {"the text is bounded by max",
         {{"Content-Transfer-Encoding", "quoted-printable"}}, "abcdefghijkl", "abcdefghij", 10},
    };
    return c;
}

}  // namespace

TEST_CASE("MIME walker: decoded text, whatever the chunking") {
    for (const auto& c : cases()) {
        CAPTURE(c.name);
        CHECK(walk(c, c.body.size() + 1) == c.text);
        CHECK(walk(c, 1) == c.text);
        CHECK(walk(c, 7) == c.text);
    }
}

TEST_CASE("MIME walker: bounded on hostile input") {
    struct Hostile {
        const char* name;
        std::string top_type;
        std::string body;
    };
    std::string deep;
    for (int i = 0; i < 50; ++i) deep += "--b" + std::to_string(i) + "\r\nContent-Type: multipart/mixed; boundary=b" +
                                         std::to_string(i + 1) + "\r\n\r\n";
    deep += "--b50\r\n\r\ndeep text\r\n";
    const Hostile rows[] = {
        {"one 1 MB line", "text/plain", std::string(1 << 20, 'x')},
        {"endless part headers", "multipart/mixed; boundary=b0",
         "--b0\r\n" + [] { std::string h; for (int i = 0; i < 20000; ++i) h += "X-H: v\r\n"; return h; }()},
        {"endless folded header", "multipart/mixed; boundary=b0",
         "--b0\r\nX-H: v\r\n" + [] { std::string h; for (int i = 0; i < 20000; ++i) h += "\tmore\r\n"; return h; }()},
        {"50 nested multiparts", "multipart/mixed; boundary=b0", deep},
        {"a 300-byte boundary", "multipart/mixed; boundary=" + std::string(300, 'q'),
         "--" + std::string(300, 'q') + "\r\n\r\ntext\r\n"},
    };
    // Too long a boundary is not followed: the body is raw text.
    MimeWalker raw(1024);
    raw.header("Content-Type", std::string(rows[4].top_type));
    raw.body(rows[4].body);
    raw.finish();
    CHECK(raw.text() == "--" + std::string(300, 'q') + "\n\ntext\n");
    for (const auto& r : rows) {
        CAPTURE(r.name);
        MimeWalker w(64 * 1024);
        w.header("Content-Type", r.top_type);
        w.body(r.body);
        w.finish();
        CHECK(w.text().size() <= 64 * 1024);
        CHECK(w.wants_body() == (r.body.size() < 64 * 1024));
    }
}
