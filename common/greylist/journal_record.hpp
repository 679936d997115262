// journal_record.hpp: the on-disk records of the journal store
// (journal_store.hpp), as pure functions over byte buffers so that every torn
// or corrupt tail is tested without a disk (test_greylist_journal_record.cpp).
//
// A file is a 16-byte header, then records, then zeros (files are
// preallocated with zeros, so the end of the written part is a zero length):
//   header:  8-byte magic ("MPGLJ1" journal, "MPGLS1" snapshot, NUL padded),
//            then the generation, u64 little-endian
//   record:  u32 payload length (LE), u32 CRC-32C of the payload (LE), payload
//   payload: op ('P' put, 'D' delete), u16 key length (LE), key,
//            and for 'P' the entry as state.hpp encode_to() writes it
//
//   std::string buf;  append_put(buf, key, entry);  append_delete(buf, key);
//   Scan s = scan(bytes, [&](const Record& r) { ... });  // s.end, s.stop
//
// Guarantees: scan() never reads outside `bytes`, calls `fn` for each intact
// record in order and stops at the first zero length (Stop::End), at a length
// past the buffer or a CRC mismatch (Stop::Torn: a write cut by a crash), or
// at a record whose CRC holds but whose payload does not parse (Stop::Bad:
// written by something else). `end` is the offset just past the last intact
// record. Keys are at most kMaxKey bytes; append_* refuse longer ones.
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "greylist/state.hpp"

namespace mp::greylist::journal {

inline constexpr size_t kHeaderSize = 16;
inline constexpr size_t kMaxKey = 4096;
inline constexpr size_t kMaxRecord = 8 + 3 + kMaxKey + kEncodedMax;
inline constexpr std::string_view kJournalMagic{"MPGLJ1\0\0", 8};
inline constexpr std::string_view kSnapshotMagic{"MPGLS1\0\0", 8};

struct Record {
    char op;  // 'P' or 'D'
    std::string_view key;
    Entry entry;  // 'P' only
};

enum class Stop { End, Torn, Bad };

struct Scan {
    size_t end = 0;  // offset just past the last intact record
    uint64_t records = 0;
    Stop stop = Stop::End;
};

uint32_t crc32c(std::string_view data);

std::string header(std::string_view magic, uint64_t generation);
// The generation of a header with this magic; nullopt when it is not one.
std::optional<uint64_t> parse_header(std::string_view bytes, std::string_view magic);

bool append_put(std::string& out, std::string_view key, const Entry& e);
bool append_delete(std::string& out, std::string_view key);

// Records from `bytes` (the part after the header).
Scan scan(std::string_view bytes, const std::function<void(const Record&)>& fn);

std::string_view stop_name(Stop s);

}  // namespace mp::greylist::journal
