// journal_open.cpp: JournalStore::open(), the recovery of a journal store
// directory. Files (journal_file.hpp): snapshot.G is complete under its final
// name (written as .tmp, fsynced, renamed); journal.G holds the changes since
// snapshot.G. Rotation writes snapshot.G+1, then journal.G+1, then removes
// generation G, so after a crash at any point the newest snapshot and the
// journal of the same generation (if any) hold every answered change.
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdlib>

#include "greylist/journal_record.hpp"
#include "greylist/journal_store.hpp"
#include "util/log.hpp"
#include "util/strings.hpp"

namespace mp::greylist {

namespace {

using journal::Record;

Result<std::string> make_journal_dir(const std::string& path) {
    if (mkdir(path.c_str(), 0750) != 0 && errno != EEXIST)
        return fail(util::errno_text("greylisting journal: cannot create " + path));
    char real[PATH_MAX];
    if (!realpath(path.c_str(), real)) return fail(util::errno_text("greylisting journal: " + path));
    return std::string(real);
}

void apply(JournalStore::Map& map, const Record& r) {
    if (r.op == 'P')
        map.insert_or_assign(std::string(r.key), r.entry);
    else if (auto it = map.find(r.key); it != map.end())
        map.erase(it);
}

// Read FILE, check its header for `magic` and `gen`, apply its records.
// A snapshot must read back whole; a journal may end in a torn record.
Result<journal::Scan> load(const std::string& file, std::string_view magic, uint64_t gen, bool whole,
                           JournalStore::Map& map) {
    auto bytes = journal::read_file(file);
    if (!bytes) return fail(bytes.error().message);
    auto h = journal::parse_header(*bytes, magic);
    if (!h || *h != gen) return fail("greylisting journal: " + file + ": offset 0: not a milterpack greylisting " +
                                     (whole ? "snapshot" : "journal") + " of generation " + std::to_string(gen));
    std::string_view body = std::string_view(*bytes).substr(journal::kHeaderSize);
    auto s = journal::scan(body, [&](const Record& r) { apply(map, r); });
    size_t at = journal::kHeaderSize + s.end;
    if (s.stop != journal::Stop::End && (whole || s.stop == journal::Stop::Bad))
        return fail("greylisting journal: " + file + ": offset " + std::to_string(at) + ": " +
                    std::string(journal::stop_name(s.stop)) + "; move the directory away to start empty");
    if (s.stop == journal::Stop::Torn)
        util::log_warning("", "greylisting journal: " + file + ": offset " + std::to_string(at) +
                                  ": torn record (a write cut by a crash, never answered): ignored");
    return s;
}

}  // namespace

Result<std::unique_ptr<JournalStore>> JournalStore::open(const JournalOptions& o, uint64_t expire_limit) {
    auto dir = make_journal_dir(o.path);
    if (!dir) return fail(dir.error().message);
    auto lock = journal::DirLock::take(*dir);
    if (!lock) return fail(lock.error().message);
    auto gens = journal::list_generations(*dir);
    if (!gens) return fail(gens.error().message);
    for (const auto& f : gens->stale) unlink(f.c_str());
    Map map;
    uint64_t base = gens->snapshots.empty() ? 0 : gens->snapshots.back();
    uint64_t records = 0;
    if (!gens->snapshots.empty()) {
        auto s = load(journal::snapshot_path(*dir, base), journal::kSnapshotMagic, base, true, map);
        if (!s) return fail(s.error().message);
    }
    for (uint64_t g : gens->journals) {
        if (g != base) continue;
        auto s = load(journal::journal_path(*dir, g), journal::kJournalMagic, g, false, map);
        if (!s) return fail(s.error().message);
        records = s->records;
    }
    std::unique_ptr<JournalStore> store(new JournalStore(o, *dir, expire_limit, std::move(*lock), std::move(map), base));
    {
        std::lock_guard w(store->write_mu_);
        if (auto r = store->rotate(); !r) return fail(r.error().message);
    }
    for (uint64_t g : gens->journals)
        if (g < base) unlink(journal::journal_path(*dir, g).c_str());
    for (uint64_t g : gens->snapshots)
        if (g < base) unlink(journal::snapshot_path(*dir, g).c_str());
    util::log_info("", "greylisting journal " + *dir + ": " + std::to_string(store->map_.size()) +
                           " entries recovered (" + std::to_string(records) + " journal records), generation " +
                           std::to_string(store->gen_));
    return store;
}

}  // namespace mp::greylist
