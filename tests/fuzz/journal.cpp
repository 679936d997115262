// journal.cpp: fuzz target for the journal store's record scanner
// (common/greylist/journal_record), fed a file body as read back at start.
// Checked properties (journal_record.hpp's contract): scan() stays inside
// the buffer (ASan), `end` is a record boundary: the bytes before it scan
// again to the same records ending in End, and so do they followed by
// zeros; records re-encoded scan back to themselves; a header is parsed
// only with its magic.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "greylist/journal_record.hpp"

namespace jr = mp::greylist::journal;

namespace {

struct Seen {
    char op;
    std::string key;
    mp::greylist::Entry e;
    bool operator==(const Seen&) const = default;
};

std::vector<Seen> all(std::string_view bytes, jr::Scan& s) {
    std::vector<Seen> out;
    s = jr::scan(bytes, [&](const jr::Record& r) {
        out.push_back({r.op, std::string(r.key), r.op == 'P' ? r.entry : mp::greylist::Entry{}});
    });
    return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view raw(reinterpret_cast<const char*>(data), size);
    if (auto g = jr::parse_header(raw, jr::kJournalMagic); g && raw.substr(0, 8) != jr::kJournalMagic) __builtin_trap();
    jr::Scan s;
    auto recs = all(raw, s);
    if (s.end > raw.size() || recs.size() != s.records) __builtin_trap();
    jr::Scan again;
    std::string prefix(raw.substr(0, s.end));
    if (all(prefix, again) != recs || again.stop != jr::Stop::End || again.end != s.end) __builtin_trap();
    if (all(prefix + std::string(16, '\0'), again) != recs || again.stop != jr::Stop::End) __builtin_trap();
    std::string reencoded;
    for (const auto& r : recs)
        if (!(r.op == 'P' ? jr::append_put(reencoded, r.key, r.e) : jr::append_delete(reencoded, r.key))) __builtin_trap();
    if (all(reencoded, again) != recs || again.stop != jr::Stop::End) __builtin_trap();
    return 0;
}
