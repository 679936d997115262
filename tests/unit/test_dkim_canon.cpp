// test_dkim_canon.cpp: header and body canonicalization (RFC 6376 3.4),
// the RFC's own example (3.4.6), the shapes that broke other signers, and
// chunking independence of the streaming body canonicalizer.
#include <doctest/doctest.h>

#include <string>

#include "dkim/canon.hpp"
#include "dkim/digest.hpp"

using namespace mp::dkim;

namespace {

struct Collect final : BodySink {
    std::string out;
    void write(std::string_view b) override { out += b; }
};

std::string body(Canon c, std::string_view in, size_t chunk = 0) {
    Collect sink;
    BodyCanon bc(c, sink);
    if (chunk == 0) chunk = in.size() + 1;
    for (size_t p = 0; p < in.size(); p += chunk) bc.feed(in.substr(p, chunk));
    bc.finish();
    CHECK(bc.length() == sink.out.size());
    return sink.out;
}

}  // namespace

TEST_CASE("RFC 6376 3.4.6 example, relaxed and simple") {
    CHECK(canon_header(Canon::Relaxed, "A", " X") == "a:X\r\n");
    CHECK(canon_header(Canon::Relaxed, "B ", " Y\t\r\n\tZ  ") == "b:Y Z\r\n");
    CHECK(canon_header(Canon::Simple, "B ", " Y\t\r\n\tZ  ") == "B : Y\t\r\n\tZ  \r\n");
    std::string in = " C \r\nD \t E\r\n\r\n\r\n";
    CHECK(body(Canon::Relaxed, in) == " C\r\nD E\r\n");
    CHECK(body(Canon::Simple, in) == " C \r\nD \t E\r\n");
}

TEST_CASE("header shapes") {
    struct Case {
        std::string_view name, value, relaxed, simple;
    } cases[] = {
        {"Subject", "\r\n\tfolded right after the colon", "subject:folded right after the colon\r\n",
         "Subject:\r\n\tfolded right after the colon\r\n"},
        {"Subject", "\n\tLF fold (sendmail)", "subject:LF fold (sendmail)\r\n", "Subject:\r\n\tLF fold (sendmail)\r\n"},
        {"To", " a@b.c  \t", "to:a@b.c\r\n", "To: a@b.c  \t\r\n"},
        {"X-8bit", " caf\xc3\xa9  ol\xc3\xa9", "x-8bit:caf\xc3\xa9 ol\xc3\xa9\r\n", "X-8bit: caf\xc3\xa9  ol\xc3\xa9\r\n"},
        {"Date", "", "date:\r\n", "Date:\r\n"},
        {"List-Unsubscribe", " <https://l.example/u/aaaa>,\r\n  <mailto:u@l.example?subject=x>,\r\n\t<https://l.example/1>",
         "list-unsubscribe:<https://l.example/u/aaaa>, <mailto:u@l.example?subject=x>, <https://l.example/1>\r\n",
         "List-Unsubscribe: <https://l.example/u/aaaa>,\r\n  <mailto:u@l.example?subject=x>,\r\n\t<https://l.example/1>\r\n"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.value);
        CHECK(canon_header(Canon::Relaxed, c.name, c.value) == c.relaxed);
        CHECK(canon_header(Canon::Simple, c.name, c.value) == c.simple);
    }
}

TEST_CASE("wire_value turns bare LF folds into CRLF and keeps CRLF") {
    CHECK(wire_value(" a\n\tb") == " a\r\n\tb");
    CHECK(wire_value(" a\r\n\tb") == " a\r\n\tb");
    CHECK(wire_value("\n b\r\n c") == "\r\n b\r\n c");
}

TEST_CASE("body shapes") {
    struct Case {
        std::string_view in, simple, relaxed;
    } cases[] = {
        {"", "\r\n", ""},                                   // empty body (3.4.3, 3.4.4)
        {"\r\n\r\n\r\n", "\r\n", ""},                       // only empty lines
        {"no final CRLF", "no final CRLF\r\n", "no final CRLF\r\n"},
        {"a\r\n\r\nb\r\n\r\n", "a\r\n\r\nb\r\n", "a\r\n\r\nb\r\n"},  // inner empty line kept
        {"x  \t\r\n \t \r\n\r\n", "x  \t\r\n \t \r\n", "x\r\n"},      // WSP-only line is empty in relaxed
        {"a\nb\n", "a\r\nb\r\n", "a\r\nb\r\n"},               // bare LF: the wire has CRLF
        {"a\rb\r\n", "a\rb\r\n", "a\rb\r\n"},                 // lone CR is content
        {"end\r", "end\r\r\n", "end\r\r\n"},                  // CR at the very end
        {"\t lead\r\n", "\t lead\r\n", " lead\r\n"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.in);
        CHECK(body(Canon::Simple, c.in) == c.simple);
        CHECK(body(Canon::Relaxed, c.in) == c.relaxed);
    }
}

TEST_CASE("every split of the body gives the same canonical bytes and hash") {
    std::string in = "Hi  there \t\r\n\r\n.dot\r\n  \r\nmid\r\r\nline\n\r\n\r\n  \t\r\n\r\n";
    for (Canon c : {Canon::Simple, Canon::Relaxed}) {
        std::string whole = body(c, in);
        std::string h = sha256(whole);
        for (size_t split = 1; split <= in.size(); ++split) {
            CAPTURE(split);
            CHECK(body(c, in, split) == whole);
        }
        // two-piece split at every position, hashed through the Sha256 sink
        for (size_t cut = 0; cut <= in.size(); ++cut) {
            Sha256 sink;
            BodyCanon bc(c, sink);
            bc.feed(std::string_view(in).substr(0, cut));
            bc.feed(std::string_view(in).substr(cut));
            bc.finish();
            CHECK(sink.final() == h);
        }
    }
}

TEST_CASE("a large body is streamed, not buffered, and its empty-line run is bounded") {
    Collect sink;
    BodyCanon bc(Canon::Simple, sink);
    std::string lines(100000, '\n');
    bc.feed(lines);
    CHECK(sink.out.empty());  // empty lines are held back as a count
    bc.feed("x");
    bc.finish();
    CHECK(sink.out.size() == 100000 * 2 + 3);
}
