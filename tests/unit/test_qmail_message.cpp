// test_qmail_message.cpp: header fields of an LF message, their values as
// libmilter gives them, and the header edits applied for the real qmail-queue.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "qmail/message.hpp"

using namespace mp::qmail;
using mp::verdict::HeaderEdit;

namespace {
const std::string kMsg = "From: a@b\nSubject: one\n two\nX-Virus-Status: Infected\nX-Virus-Status: x\n\nbody\n.dot\n";
}

TEST_CASE("split: fields, folded values, body offset") {
    Split s = split(kMsg);
    REQUIRE(s.fields.size() == 4);
    CHECK(s.fields[1].name == "Subject");
    CHECK(value_of(s.fields[1]) == " one\r\n two");
    CHECK(s.blank);
    CHECK(kMsg.substr(s.body) == "body\n.dot\n");
    Split nobody = split("From: a@b\nnot a field\nmore\n");
    CHECK(nobody.fields.size() == 1);
    CHECK_FALSE(nobody.blank);
    CHECK(split("\nbody\n").fields.empty());
}

TEST_CASE("crlf: LF line ends become CRLF, CRLF stays") {
    CHECK(crlf("a\nb\r\nc") == "a\r\nb\r\nc");
    CHECK(crlf("\n") == "\r\n");
}

TEST_CASE("edited_head: libmilter's index rules") {
    struct Case {
        std::vector<HeaderEdit> edits;
        std::string head;  // the header block after the edits
    };
    const Case cases[] = {
        {{}, "From: a@b\nSubject: one\n two\nX-Virus-Status: Infected\nX-Virus-Status: x\n"},
        {{{HeaderEdit::Op::Insert, "DKIM-Signature", " v=1;\r\n\tb=x", 0}},
         "DKIM-Signature: v=1;\n\tb=x\nFrom: a@b\nSubject: one\n two\nX-Virus-Status: Infected\nX-Virus-Status: x\n"},
        {{{HeaderEdit::Op::Add, "X-Virus-Scanned", "clamd", 0}},
         "From: a@b\nSubject: one\n two\nX-Virus-Status: Infected\nX-Virus-Status: x\nX-Virus-Scanned: clamd\n"},
        {{{HeaderEdit::Op::Delete, "x-virus-status", "", 2}, {HeaderEdit::Op::Change, "X-Virus-Status", "Clean", 1}},
         "From: a@b\nSubject: one\n two\nX-Virus-Status: Clean\n"},
        {{{HeaderEdit::Op::Change, "X-New", "v", 1}},
         "From: a@b\nSubject: one\n two\nX-Virus-Status: Infected\nX-Virus-Status: x\nX-New: v\n"},
    };
    Split s = split(kMsg);
    for (const auto& c : cases) {
        CAPTURE(c.head);
        CHECK(edited_head(s, c.edits) == c.head + "\n");
    }
}
