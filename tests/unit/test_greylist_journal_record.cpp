// test_greylist_journal_record.cpp: the journal store's record format
// (greylist/journal_record.hpp) on byte buffers: CRC-32C check value, round
// trips, and every way a tail can be cut or corrupted: each cut point of the
// last record, each flipped byte, a record whose CRC holds but whose payload
// is not ours.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "greylist/journal_record.hpp"

using namespace mp::greylist;
namespace jr = mp::greylist::journal;
using jr::append_delete;
using jr::append_put;
using jr::Scan;
using jr::Stop;

namespace {

struct JrRow {
    char op;
    std::string key;
    Entry e;
};

const std::vector<JrRow> kJrRows = {
    {'P', "192.0.2.1", {State::Greylisted, 1000, 1000, 0, 1}},
    {'P', "192.0.2.0/24 <a@example.org> <b@example.net>", {State::Whitelisted, 1000, 2000, 1500, 7}},
    {'D', "192.0.2.1", {}},
    {'P', std::string(jr::kMaxKey, 'k'), {State::Counting, 5, 6, 0, 3}},
    {'P', "", {State::Greylisted, 1, 1, 0, 1}},
};

std::string jr_encode(const std::vector<JrRow>& rows) {
    std::string out;
    for (const auto& r : rows) REQUIRE((r.op == 'P' ? append_put(out, r.key, r.e) : append_delete(out, r.key)));
    return out;
}

std::vector<JrRow> jr_decode(std::string_view bytes, Scan& s) {
    std::vector<JrRow> out;
    s = jr::scan(bytes, [&](const jr::Record& r) { out.push_back({r.op, std::string(r.key), r.op == 'P' ? r.entry : Entry{}}); });
    return out;
}

bool jr_same(const JrRow& a, const JrRow& b) { return a.op == b.op && a.key == b.key && a.e == b.e; }

}  // namespace

TEST_CASE("CRC-32C check value (RFC 3720 B.4)") {
    CHECK(jr::crc32c("123456789") == 0xE3069283u);
    CHECK(jr::crc32c("") == 0u);
}

TEST_CASE("records round trip, then zeros end the scan") {
    std::string bytes = jr_encode(kJrRows) + std::string(100, '\0');
    Scan s;
    auto got = jr_decode(bytes, s);
    CHECK(s.stop == Stop::End);
    CHECK(s.records == kJrRows.size());
    CHECK(s.end == bytes.size() - 100);
    REQUIRE(got.size() == kJrRows.size());
    for (size_t i = 0; i < got.size(); ++i) CHECK(jr_same(got[i], kJrRows[i]));
}

TEST_CASE("every cut of the last record: the others are read, the cut one is torn") {
    std::string head = jr_encode({kJrRows[0], kJrRows[1]});
    std::string last = jr_encode({kJrRows[1]});
    for (size_t cut = 1; cut < last.size(); ++cut) {
        CAPTURE(cut);
        Scan s;
        auto got = jr_decode(head + last.substr(0, cut), s);
        CHECK(got.size() == 2);
        CHECK(s.end == head.size());
        CHECK(s.stop == Stop::Torn);
    }
}

TEST_CASE("every flipped byte of a record stops the scan before it, never past the buffer") {
    std::string head = jr_encode({kJrRows[0]});
    std::string rec = jr_encode({kJrRows[1]});
    for (size_t i = 0; i < rec.size(); ++i) {
        CAPTURE(i);
        std::string bad = rec;
        bad[i] = char(bad[i] ^ 0x5A);
        Scan s;
        auto got = jr_decode(head + bad + std::string(64, '\0'), s);
        CHECK(got.size() == 1);
        CHECK(s.end == head.size());
        CHECK(s.stop == Stop::Torn);
    }
}

TEST_CASE("a record with a valid CRC but a foreign payload is Bad, not skipped") {
    for (std::string payload : {std::string("X\x01\x00k", 4), std::string("P\x09\x00k", 4), std::string("D\x01\x00kv", 5),
                                std::string("P\x01\x00kg 1 x 0 1", 13)}) {
        CAPTURE(payload);
        std::string rec(8, '\0');
        uint32_t len = uint32_t(payload.size()), crc = jr::crc32c(payload);
        for (int i = 0; i < 4; ++i) {
            rec[i] = char((len >> (8 * i)) & 0xFF);
            rec[4 + i] = char((crc >> (8 * i)) & 0xFF);
        }
        Scan s;
        auto got = jr_decode(jr_encode({kJrRows[0]}) + rec + payload, s);
        CHECK(got.size() == 1);
        CHECK(s.stop == Stop::Bad);
    }
}

TEST_CASE("keys longer than jr::kMaxKey are refused; headers name their generation") {
    std::string out;
    CHECK_FALSE(append_put(out, std::string(jr::kMaxKey + 1, 'k'), Entry{}));
    CHECK_FALSE(append_delete(out, std::string(jr::kMaxKey + 1, 'k')));
    CHECK(out.empty());
    std::string h = jr::header(jr::kJournalMagic, 42);
    CHECK(h.size() == jr::kHeaderSize);
    CHECK(jr::parse_header(h, jr::kJournalMagic) == std::optional<uint64_t>(42));
    CHECK_FALSE(jr::parse_header(h, jr::kSnapshotMagic));
    CHECK_FALSE(jr::parse_header(h.substr(0, 15), jr::kJournalMagic));
}
