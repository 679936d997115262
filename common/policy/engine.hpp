// engine.hpp: one loaded configuration with everything built from it (maps,
// stores, scanners, keys), immutable and shared by every session that started
// under it. Runtime owns the current Engine and swaps in a new one on reload;
// a configuration that fails to load leaves the running one in place.
#pragma once
#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "policy/daemon_schema.hpp"
#include "util/result.hpp"
#include "util/shared_slot.hpp"

namespace mp::access {
class AccessMap;
}
namespace mp::greylist {
class Greylister;
}
namespace mp::metrics {
struct Options;
}

namespace mp::policy {

struct EngineParts;  // parts.hpp: the per-module objects

class Engine {
public:
    // `previous` (the running Engine on a reload) lends stores that must stay open.
    // Without `open_stores` the greylisting options are checked but no store is
    // opened (check-config, and the daemon while it is still root).
    static Result<std::shared_ptr<const Engine>, config::Diagnostics> create(config::Config cfg,
                                                                             const Engine* previous = nullptr,
                                                                             bool open_stores = true);
    ~Engine();

    const config::Config& config() const { return cfg_; }
    const EngineParts& parts() const { return *parts_; }
    // The daemons' own sections, read once (defaults when a section is absent).
    const MilterOptions& milter() const;
    const PmilterOptions& pmilter() const;
    const LogOptions& log() const;
    const metrics::Options& metrics() const;  // metrics section
    // What the modules built, for the CLI: null when the section is absent.
    std::shared_ptr<const access::AccessMap> access_map() const;  // the current snapshot
    std::shared_ptr<greylist::Greylister> greylister() const;
    // True when a module needs the message headers or body (scanner, DKIM, header/eoh rules).
    bool wants_content() const;
    // Reload map files that changed on disk once settled (stat only when
    // unchanged; maps/source.hpp), logging "map reloaded: FILE"; the errors
    // of files that failed to load, which keep their previous content.
    std::vector<std::string> refresh_maps() const;
    // The LMDB greylisting directory, "" when none: root creates it if
    // missing and gives it to the milter user; only that user opens its files.
    std::string store_dir() const;

private:
    Engine(config::Config cfg, std::unique_ptr<EngineParts> parts);
    config::Config cfg_;
    std::unique_ptr<EngineParts> parts_;
};

class Runtime {
public:
    explicit Runtime(std::string config_path, bool open_stores = true)
        : path_(std::move(config_path)), open_stores_(open_stores) {}
    // Load (first time) or reload the file; on failure the current Engine stays.
    Result<void, config::Diagnostics> load();
    // Rebuild the current configuration with its stores open, and open them on
    // every later load (the daemon, once it runs as its user).
    Result<void, config::Diagnostics> open_stores();
    std::shared_ptr<const Engine> current() const { return current_.load(); }
    const std::string& path() const { return path_; }

private:
    std::string path_;
    std::atomic<bool> open_stores_;
    util::SharedSlot<const Engine> current_;
};

// The schema of a whole milterpack configuration file.
const config::SectionSpec& root_schema();

}  // namespace mp::policy
