// source.hpp: a map file that can be replaced while lookups run. Readers call
// get() (a snapshot copied under a short lock, util/shared_slot.hpp; no lock
// during the lookup) and keep the snapshot for the whole decision. Writers are the daemon: reload() on SIGUSR1,
// refresh() from a periodic timer (stat only; reloads when the file's device,
// inode, size or mtime changed and the change has settled, see settled()). A
// file rewritten in place (truncate, then write) is never loaded half-written
// while its writer pauses mid-line; atomic replacement (write a temporary file
// in the same directory, then rename) is still the documented way
// (docs/access.md); reload() too waits, boundedly, for a whole file. A new file that fails to parse never replaces
// the old one: the old map keeps answering and the errors are returned for the
// caller to log. A broken file is reported once per change, not on every refresh.
//   maps::Source<access::AccessMap> src("/etc/mail/access", access::loader(opts));
//   if (auto r = src.reload(); !r) log(r.error().joined());
//   auto snap = src.get();  // shared_ptr<const AccessMap>, may be null before the first good load
#pragma once
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "maps/lines.hpp"
#include "util/shared_slot.hpp"
#include "util/result.hpp"

namespace mp::maps {

struct FileStamp {
    unsigned long dev = 0, ino = 0;
    long long size = 0, mtime_ns = 0, ctime_ns = 0;
    bool operator==(const FileStamp&) const = default;
};
std::optional<FileStamp> stamp_of(const std::string& path);

// refresh() loads a changed file only when it has settled: the stamp seen at
// the previous check equals the current one and (unless the mtime lies in the
// future, clock skew) is at least `settle_ns` old at `now_ns` (wall clock, ns).
// The caller also requires ends_in_newline(): a writer paused mid-line
// leaves the stamp unchanged, but not a complete last line.
bool settled(const std::optional<FileStamp>& previous, const std::optional<FileStamp>& current, long long now_ns,
             long long settle_ns);
// True when the file is empty or its last byte is '\n'.
bool ends_in_newline(const std::string& path);
// reload()'s test that a file is whole: the same stamp `before` and `after` a
// short pause, a complete last line, and not empty unless that is settle_ns
// old (a truncated file whose writer has not written yet is not a map).
bool whole(const std::optional<FileStamp>& before, const std::optional<FileStamp>& after, bool newline, long long now_ns,
           long long settle_ns);
// Waits (100 ms steps, at most max_ns) until `path` is whole, gone or
// unreadable (the loader reports those); false
// when it is still being written at the end.
bool wait_whole(const std::string& path, long long max_ns);
inline constexpr long long kWholeWaitNs = 10000000000LL;
long long wall_ns();
inline constexpr long long kSettleNs = 1000000000LL;  // one check interval of the daemon

template <class T>
class Source {
public:
    using Loader = std::function<Result<std::shared_ptr<const T>, Errors>(const std::string& path)>;

    Source(std::string path, Loader loader) : path_(std::move(path)), loader_(std::move(loader)) {}

    std::shared_ptr<const T> get() const { return current_.load(); }
    const std::string& path() const { return path_; }

    // Load the file now (start, SIGUSR1) once it is whole (see whole());
    // a file still being written after kWholeWaitNs is an error, and the
    // caller keeps what it had.
    Result<void, Errors> reload() {
        std::lock_guard lock(mu_);
        if (!wait_whole(path_, kWholeWaitNs)) {
            Errors e(path_);
            e.errors.push_back(path_ + ": still being written after 10 s (incomplete last line or changing): not loaded; "
                               "replace the file atomically, see docs/access.md");
            return Unexpected<Errors>{std::move(e)};
        }
        return load_locked(stamp_of(path_));
    }

    // Reload when the file changed since the last attempt and has settled
    // (see settled()); true when replaced. A vanished file is reported at once.
    Result<bool, Errors> refresh(long long now_ns = wall_ns()) {
        std::lock_guard lock(mu_);
        auto now = stamp_of(path_);
        if (now == tried_) return false;
        if (now) {
            bool stable = settled(seen_, now, now_ns, kSettleNs);
            seen_ = now;
            if (!stable) return false;
            if (!ends_in_newline(path_)) return incomplete(now);
        }
        auto r = load_locked(now);
        if (!r) return Unexpected<Errors>{r.error()};
        return true;
    }

private:
    // A settled file whose last line is not complete: reported once per change.
    Result<bool, Errors> incomplete(std::optional<FileStamp> stamp) {
        tried_ = stamp;
        Errors e(path_);
        e.errors.push_back(path_ + ": the last line has no newline: not loaded (replace the file atomically, "
                           "see docs/access.md)");
        return Unexpected<Errors>{std::move(e)};
    }

    Result<void, Errors> load_locked(std::optional<FileStamp> stamp) {
        tried_ = stamp;  // stamp taken before reading: a change during the read is seen next time
        auto loaded = loader_(path_);
        if (!loaded) return Unexpected<Errors>{loaded.error()};
        current_.store(std::move(*loaded));
        return {};
    }

    std::string path_;
    Loader loader_;
    util::SharedSlot<const T> current_;
    std::mutex mu_;
    std::optional<FileStamp> tried_;
    std::optional<FileStamp> seen_;  // at the previous refresh
};

}  // namespace mp::maps
