// test_pmilter_stream.cpp: the msg byte stream -> header/eoh/body calls. One
// table of messages as smtps may deliver them (dot-stuffed, with or without
// the final "." line, bare LF, malformed header blocks); each is fed whole,
// split at every byte position into two chunks, split into three around the
// final dot, and one byte at a time: the calls must be the same every time.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "pmilter/stream.hpp"

using namespace mp::pmilter;

namespace {

// Records the calls as text: H(name|value) E B(body...) with adjacent body
// chunks joined (the chunking of the body is free, its bytes are not).
struct Recorder : MessageSink {
    std::string log;
    bool in_body = false;
    void header(std::string_view n, std::string_view v) override {
        log += "H(" + std::string(n) + "|" + std::string(v) + ")";
        in_body = false;
    }
    void eoh() override {
        log += "E";
        in_body = false;
    }
    void body(std::string_view c) override {
        if (c.empty()) log += "<empty body call>";
        if (!in_body) log += "B:";
        log += std::string(c);
        in_body = true;
    }
};

std::string run(const std::vector<std::string>& chunks, std::vector<std::string>* names = nullptr) {
    MessageStream s;
    Recorder r;
    for (const auto& c : chunks) s.feed(c, r);
    s.finish(r);
    if (names) *names = s.header_names();
    return r.log;
}

struct StreamRow {
    const char* what;
    std::string wire;
    std::string calls;
};

const StreamRow kRows[] = {
    {"plain, final dot", "Subject: hi\r\nFrom: a@b\r\n\r\nline 1\r\nline 2\r\n.\r\n",
     "H(Subject| hi)H(From| a@b)EB:line 1\r\nline 2\r\n"},
    {"no final dot (eom ends the data)", "Subject: hi\r\n\r\nbody\r\n", "H(Subject| hi)EB:body\r\n"},
    {"dot-stuffed body lines", "A: 1\r\n\r\n..leading\r\n..\r\n...\r\nmid . dot\r\n.\r\n",
     "H(A| 1)EB:.leading\r\n.\r\n..\r\nmid . dot\r\n"},
    {"bytes after the final dot are ignored", "A: 1\r\n\r\nx\r\n.\r\nQUIT\r\n", "H(A| 1)EB:x\r\n"},
    {"folded header keeps its CRLF and blanks", "Subject: a\r\n  b\r\n\tc\r\nTo: d\r\n\r\n.\r\n",
     "H(Subject| a\r\n  b\r\n\tc)H(To| d)E"},
    {"value without a leading blank", "X-A:v\r\n\r\nb\r\n.\r\n", "H(X-A|v)EB:b\r\n"},
    {"empty value", "X-A:\r\n\r\n.\r\n", "H(X-A|)E"},
    {"no body", "Subject: s\r\n\r\n.\r\n", "H(Subject| s)E"},
    {"final dot right after the headers", "Subject: s\r\n.\r\n", "H(Subject| s)E"},
    {"no headers", "\r\nbody only\r\n.\r\n", "EB:body only\r\n"},
    {"nothing at all", ".\r\n", "E"},
    {"empty data (no final dot)", "", "E"},
    {"non-field line starts the body", "Subject: s\r\nnot a header\r\nX: y\r\n\r\n.\r\n",
     "H(Subject| s)EB:not a header\r\nX: y\r\n\r\n"},
    {"blank in a field name starts the body", "Bad Name: v\r\n.\r\n", "EB:Bad Name: v\r\n"},
    {"continuation before any field is body", " lead\r\nA: b\r\n.\r\n", "EB: lead\r\nA: b\r\n"},
    {"bare LF line ends", "A: 1\nB: 2\n\nx\n.\n", "H(A| 1)H(B| 2)EB:x\n"},
    {"last line without its end", "A: 1\r\n\r\nlast", "H(A| 1)EB:last"},
    {"last header without its end", "A: 1", "H(A| 1)E"},
    {"a lone dot at the very end is data", "A: 1\r\n\r\nx\r\n.", "H(A| 1)EB:x\r\n."},
    {"dot CR without LF is data", "A: 1\r\n\r\n.\rx\r\n.\r\n", "H(A| 1)EB:.\rx\r\n"},
    {"CRLF inside a line is not a line start", "A: 1\r\n\r\nab.\r\n.\r\n", "H(A| 1)EB:ab.\r\n"},
    {"stuffed dot in the header block", "A: 1\r\n..x\r\n.\r\n", "H(A| 1)EB:.x\r\n"},
};

}  // namespace

TEST_CASE("msg stream: every message under every chunking") {
    for (const auto& row : kRows) {
        std::string what = row.what;
        CAPTURE(what);
        CHECK(run({row.wire}) == row.calls);
        std::vector<std::string> bytes;
        for (char c : row.wire) bytes.emplace_back(1, c);
        CHECK(run(bytes) == row.calls);
        for (size_t cut = 0; cut <= row.wire.size(); ++cut) {
            CAPTURE(cut);
            CHECK(run({row.wire.substr(0, cut), row.wire.substr(cut)}) == row.calls);
        }
        // Three chunks: every pair of cuts in the last 6 bytes (the final dot's neighbourhood).
        size_t from = row.wire.size() > 6 ? row.wire.size() - 6 : 0;
        for (size_t a = from; a <= row.wire.size(); ++a)
            for (size_t b = a; b <= row.wire.size(); ++b)
                CHECK(run({row.wire.substr(0, a), row.wire.substr(a, b - a), row.wire.substr(b)}) == row.calls);
    }
}

TEST_CASE("msg stream: header names in order, for hdr_mod positions") {
    std::vector<std::string> names;
    run({"Received: x\r\nX-Virus-Status: forged\r\n  folded\r\nFrom: a\r\n\r\nbody\r\n.\r\n"}, &names);
    CHECK(names == std::vector<std::string>{"Received", "X-Virus-Status", "From"});
}

TEST_CASE("msg stream: reset starts a new transaction") {
    MessageStream s;
    Recorder r;
    s.feed("A: 1\r\n\r\nx\r\n.\r\n", r);
    CHECK(s.ended());
    s.reset();
    CHECK_FALSE(s.ended());
    CHECK(s.header_names().empty());
    s.feed("B: 2\r\n\r\n.\r\n", r);
    s.finish(r);
    CHECK(r.log == "H(A| 1)EB:x\r\nH(B| 2)E");
}
