// test_pmilter_hdrmod.cpp: header edits -> sm_pmfi_hdr_mod calls: DKIM
// INSERT at 0, scanner headers appended, Change/Delete of the n-th occurrence
// as absolute 0-based positions, CRLF header lines.
#include <doctest/doctest.h>

#include "pmilter/hdrmod.hpp"
#include "sm/hdrmoddef.h"

using namespace mp::pmilter;
using Op = HeaderEdit::Op;

namespace {

struct HdrmodRow {
    const char* what;
    std::vector<std::string> names;
    std::vector<HeaderEdit> edits;
    std::vector<HdrMod> mods;
};

bool same(const std::vector<HdrMod>& a, const std::vector<HdrMod>& b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (a[i].type != b[i].type || a[i].index != b[i].index || a[i].line != b[i].line) return false;
    return true;
}

std::string show(const std::vector<HdrMod>& mods) {
    std::string s;
    for (const auto& m : mods) s += std::to_string(m.type) + "@" + std::to_string(m.index) + ":" + m.line + "|";
    return s;
}

}  // namespace

TEST_CASE("header edits -> hdr_mod calls") {
    const std::vector<std::string> msg = {"Received", "X-Virus-Status", "From", "x-virus-status", "Subject"};
    const HdrmodRow rows[] = {
        {"DKIM-Signature inserted at the top, LF folds become CRLF", msg,
         {{Op::Insert, "DKIM-Signature", " v=1; a=rsa-sha256;\n\tb=abc", 0}},
         {{SM_HDRMOD_T_INSERT, 0, "DKIM-Signature: v=1; a=rsa-sha256;\r\n\tb=abc\r\n"}}},
        {"two signatures keep their order", msg,
         {{Op::Insert, "DKIM-Signature", "v=1; a=ed25519-sha256", 0}, {Op::Insert, "DKIM-Signature", "v=1; a=rsa", 1}},
         {{SM_HDRMOD_T_INSERT, 0, "DKIM-Signature: v=1; a=ed25519-sha256\r\n"},
          {SM_HDRMOD_T_INSERT, 1, "DKIM-Signature: v=1; a=rsa\r\n"}}},
        {"scanner status header appended", msg,
         {{Op::Add, "X-Virus-Scanned", "clamav", 0}},
         {{SM_HDRMOD_T_APPEND, 0, "X-Virus-Scanned: clamav\r\n"}}},
        {"forged status copies deleted bottom-up, then the real one added", msg,
         {{Op::Delete, "X-Virus-Status", "", 2}, {Op::Delete, "X-Virus-Status", "", 1},
          {Op::Add, "X-Virus-Status", "Clean", 0}},
         {{SM_HDRMOD_T_REMOVE, 3, "X-Virus-Status: \r\n"}, {SM_HDRMOD_T_REMOVE, 1, "X-Virus-Status: \r\n"},
          {SM_HDRMOD_T_APPEND, 0, "X-Virus-Status: Clean\r\n"}}},
        {"change the second occurrence (names case-insensitive)", msg,
         {{Op::Change, "X-VIRUS-STATUS", "Infected", 2}},
         {{SM_HDRMOD_T_REPLACE, 3, "X-VIRUS-STATUS: Infected\r\n"}}},
        {"change of a missing field appends it", msg,
         {{Op::Change, "X-Spam", "yes", 1}}, {{SM_HDRMOD_T_APPEND, 0, "X-Spam: yes\r\n"}}},
        {"delete of a missing field does nothing", msg, {{Op::Delete, "Subject", "", 2}}, {}},
        {"positions follow earlier edits: insert at top shifts them", msg,
         {{Op::Insert, "DKIM-Signature", "v=1", 0}, {Op::Delete, "Subject", "", 1}},
         {{SM_HDRMOD_T_INSERT, 0, "DKIM-Signature: v=1\r\n"}, {SM_HDRMOD_T_REMOVE, 5, "Subject: \r\n"}}},
        {"insert beyond the end is clamped", {"A"}, {{Op::Insert, "B", "x", 9}},
         {{SM_HDRMOD_T_INSERT, 1, "B: x\r\n"}}},
        {"no headers at all", {}, {{Op::Insert, "DKIM-Signature", "v=1", 0}},
         {{SM_HDRMOD_T_INSERT, 0, "DKIM-Signature: v=1\r\n"}}},
    };
    for (const auto& r : rows) {
        std::string what = r.what;
        CAPTURE(what);
        auto got = plan_header_edits(r.names, r.edits);
        CAPTURE(show(got));
        CHECK(same(got, r.mods));
    }
}

TEST_CASE("header lines") {
    CHECK(header_line("A", "b") == "A: b\r\n");
    CHECK(header_line("A", " b") == "A: b\r\n");
    CHECK(header_line("A", "\tb") == "A:\tb\r\n");
    CHECK(header_line("A", "") == "A: \r\n");
    CHECK(header_line("A", "x\r\n\ty") == "A: x\r\n\ty\r\n");
    CHECK(header_line("A", "x\n\ty\n\tz") == "A: x\r\n\ty\r\n\tz\r\n");
}
