// journal_file.hpp: the files of the journal store (journal_store.hpp) in its
// directory: `snapshot.G` (every live entry when generation G began),
// `journal.G` (what was written since), `journal.spare` (a zeroed journal
// made ahead of time), `lock` (held with flock while a process has the store
// open). Generation numbers are decimal.
//
//   prepare_spare(dir, size);                      // zeros, fsynced (a background thread)
//   auto f = JournalFile::create(dir, gen, size);  // the spare (or new zeros) as journal.G
//   f->append(records); f->sync();                 // pwrite at the end; fdatasync
//
// Guarantees: a journal is preallocated with zeros and synced before it is
// used, so an append rewrites blocks already allocated and fdatasync has no
// file size or extent to flush (one device write, not a journal commit of
// the file system too); an append that does not fit is refused (the store
// rotates first). write_snapshot() writes `snapshot.G.tmp`, fsyncs it and
// renames it: a snapshot file under its final name is complete. Every
// failure is an error value naming the file.
#pragma once
#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "util/raii.hpp"
#include "util/result.hpp"

namespace mp::greylist::journal {

std::string journal_path(const std::string& dir, uint64_t gen);
std::string snapshot_path(const std::string& dir, uint64_t gen);

class JournalFile {
public:
    static Result<JournalFile> create(const std::string& dir, uint64_t gen, uint64_t size);
    Result<void> append(std::string_view data);
    Result<void> sync();
    uint64_t room() const { return size_ - end_; }
    uint64_t used() const { return end_; }
    const std::string& path() const { return path_; }

private:
    JournalFile(util::Fd fd, std::string path, uint64_t size, uint64_t end)
        : fd_(std::move(fd)), path_(std::move(path)), size_(size), end_(end) {}
    util::Fd fd_;
    std::string path_;
    uint64_t size_, end_;
};

// Make DIR/journal.spare: `size` zero bytes, fsynced, renamed into place.
// Nothing else ever writes to it; create() renames it to journal.G.
// Stops early (an error) once `stop` is set; the .tmp left is removed at the next open.
Result<void> prepare_spare(const std::string& dir, uint64_t size, const std::atomic<bool>* stop = nullptr);

// Write `bytes` (a snapshot with its header) as snapshot.G, atomically.
Result<void> write_snapshot(const std::string& dir, uint64_t gen, std::string_view bytes);
Result<std::string> read_file(const std::string& path);
Result<void> sync_dir(const std::string& dir);

struct Generations {
    std::vector<uint64_t> snapshots, journals;  // ascending
    std::vector<std::string> stale;             // *.tmp and unknown leftovers of ours
};
Result<Generations> list_generations(const std::string& dir);

// An exclusive flock on DIR/lock, held while the object lives.
class DirLock {
public:
    static Result<DirLock> take(const std::string& dir);

private:
    explicit DirLock(util::Fd fd) : fd_(std::move(fd)) {}
    util::Fd fd_;
};

}  // namespace mp::greylist::journal
