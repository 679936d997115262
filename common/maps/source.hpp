// source.hpp: a map file that can be replaced while lookups run. Readers call
// get() (a snapshot copied under a short lock, util/shared_slot.hpp; no lock
// during the lookup) and keep the snapshot for the whole decision. Writers are the daemon: reload() on SIGUSR1,
// refresh() from a periodic timer (stat only; reloads when the file's device,
// inode, size or mtime changed). A new file that fails to parse never replaces
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

template <class T>
class Source {
public:
    using Loader = std::function<Result<std::shared_ptr<const T>, Errors>(const std::string& path)>;

    Source(std::string path, Loader loader) : path_(std::move(path)), loader_(std::move(loader)) {}

    std::shared_ptr<const T> get() const { return current_.load(); }
    const std::string& path() const { return path_; }

    // Load the file now, whatever its stamp.
    Result<void, Errors> reload() {
        std::lock_guard lock(mu_);
        return load_locked(stamp_of(path_));
    }

    // Reload when the file changed since the last attempt; true when replaced.
    Result<bool, Errors> refresh() {
        std::lock_guard lock(mu_);
        auto now = stamp_of(path_);
        if (now == tried_) return false;
        auto r = load_locked(now);
        if (!r) return Unexpected<Errors>{r.error()};
        return true;
    }

private:
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
};

}  // namespace mp::maps
