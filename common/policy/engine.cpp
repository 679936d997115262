// engine.cpp: see engine.hpp. Building an Engine loads every file the
// configuration names (maps, later keys and stores), so a Runtime reload is
// all-or-nothing: either everything new is in place, or nothing changed.
#include "policy/engine.hpp"

#include "access/schema.hpp"
#include "dkim/options.hpp"
#include "greylist/options.hpp"
#include "protrcpt/options.hpp"
#include "scan/options.hpp"
#include "policy/parts.hpp"
#include "util/log.hpp"

namespace mp::policy {

namespace {

void add_errors(config::Diagnostics& d, const maps::Errors& e) {
    d.errors.insert(d.errors.end(), e.errors.begin(), e.errors.end());
    if (e.dropped) d.errors.push_back(e.file + ": ... and " + std::to_string(e.dropped) + " more errors");
}

void build_access(const config::Section& root, EngineParts& p, config::Diagnostics& d) {
    if (const auto* pol = root.section("policy")) p.flags = access::flags_from(*pol);
    const auto* sec = root.section("access_map");
    if (!sec) return;
    auto opts = access::options_from(*sec);
    if (!opts) {
        d.errors.push_back(sec->where().str() + ": " + opts.error().message);
        return;
    }
    p.access = std::make_unique<maps::Source<access::AccessMap>>(opts->file, access::loader(*opts));
    if (auto r = p.access->reload(); !r) add_errors(d, r.error());
}

void build_scanners(const config::Section& root, EngineParts& p, config::Diagnostics& d) {
    std::vector<scan::Options> all;
    for (const auto* sec : root.sections("scanner")) {
        auto o = scan::options_from(*sec);
        if (!o) d.errors.push_back(o.error().message);
        else all.push_back(std::move(*o));
    }
    if (all.empty() || !d.errors.empty()) return;
    auto chain = scan::Chain::create(all);
    if (!chain) d.errors.push_back(chain.error().message);
    else p.scanners = std::make_unique<scan::Chain>(std::move(*chain));
}

void build_signer(const config::Section& root, EngineParts& p, config::Diagnostics& d) {
    const auto* sec = root.section("dkim");
    if (!sec) return;
    auto o = dkim::options_from(*sec);
    if (!o) return d.errors.push_back(o.error().message);
    auto signer = dkim::Signer::create(*o);
    if (!signer) return d.errors.push_back(signer.error().message);
    p.signer = std::move(*signer);
}

void build_protect(const config::Section& root, EngineParts& p, config::Diagnostics& d) {
    if (const auto* sec = root.section("aliases")) {
        std::string file = protrcpt::aliases_file_from(*sec);
        p.aliases = std::make_unique<maps::Source<maps::AliasMap>>(file, [](const std::string& path) {
            auto m = maps::AliasMap::load(path);
            if (!m) return Result<std::shared_ptr<const maps::AliasMap>, maps::Errors>(Unexpected<maps::Errors>{m.error()});
            return Result<std::shared_ptr<const maps::AliasMap>, maps::Errors>(
                std::make_shared<const maps::AliasMap>(std::move(*m)));
        });
        if (auto r = p.aliases->reload(); !r) add_errors(d, r.error());
    }
    const auto* sec = root.section("protected_recipients");
    if (!sec) return;
    auto o = protrcpt::options_from(*sec);
    if (!o) return d.errors.push_back(o.error().message);
    if (!p.access) return d.errors.push_back(sec->where().str() + ": protected_recipients needs an access_map section");
    p.protect = *o;
}

void build_greylist(const config::Section& root, const Engine* previous, bool open_stores, EngineParts& p,
                    config::Diagnostics& d) {
    const auto* sec = root.section("greylisting");
    if (!sec) return;
    auto o = greylist::options_from(*sec);
    if (!o) return d.errors.push_back(o.error().message);
    if (!open_stores) return;
    const auto* old = previous ? previous->parts().greylister.get() : nullptr;
    if (old && greylist::Greylister::same_store(old->options(), *o)) {
        p.greylister = old->with_options(*o);
        return;
    }
    auto g = greylist::Greylister::create(*o);
    if (!g) return d.errors.push_back(sec->where().str() + ": greylisting store: " + g.error().message);
    p.greylister = std::move(*g);
}

}  // namespace

Engine::Engine(config::Config cfg, std::unique_ptr<EngineParts> parts)
    : cfg_(std::move(cfg)), parts_(std::move(parts)) {}

Engine::~Engine() = default;

Result<std::shared_ptr<const Engine>, config::Diagnostics> Engine::create(config::Config cfg, const Engine* previous,
                                                                          bool open_stores) {
    auto parts = std::make_unique<EngineParts>();
    config::Diagnostics d;
    build_access(cfg.root(), *parts, d);
    build_scanners(cfg.root(), *parts, d);
    build_signer(cfg.root(), *parts, d);
    build_protect(cfg.root(), *parts, d);
    build_greylist(cfg.root(), previous, open_stores, *parts, d);
    if (!d.errors.empty()) return Unexpected<config::Diagnostics>{std::move(d)};
    return std::shared_ptr<const Engine>(new Engine(std::move(cfg), std::move(parts)));
}

bool Engine::wants_content() const { return parts_->scanners || parts_->signer; }

namespace {

// One map's refresh: its errors, or a notice when the new content is in place.
template <class Map>
void refresh_one(maps::Source<Map>* src, std::vector<std::string>& errors) {
    if (!src) return;
    auto r = src->refresh();
    if (!r) errors.push_back(r.error().joined());
    else if (*r) util::log_notice("", "map reloaded: " + src->path());
}

}  // namespace

std::vector<std::string> Engine::refresh_maps() const {
    std::vector<std::string> errors;
    refresh_one(parts_->access.get(), errors);
    refresh_one(parts_->aliases.get(), errors);
    return errors;
}

std::string Engine::store_dir() const {
    const auto* sec = cfg_.root().section("greylisting");
    if (!sec) return "";
    auto o = greylist::options_from(*sec);
    if (!o || o->store != greylist::StoreKind::Lmdb) return "";
    return o->lmdb.path;
}

Result<void, config::Diagnostics> Runtime::load() {
    auto cfg = config::load(path_, root_schema());
    if (!cfg) return Unexpected<config::Diagnostics>{cfg.error()};
    auto engine = Engine::create(std::move(*cfg), current().get(), open_stores_);
    if (!engine) return Unexpected<config::Diagnostics>{engine.error()};
    current_.store(std::move(*engine));
    return {};
}

Result<void, config::Diagnostics> Runtime::open_stores() {
    open_stores_ = true;
    auto old = current();
    auto engine = Engine::create(old->config(), old.get(), true);
    if (!engine) return Unexpected<config::Diagnostics>{engine.error()};
    current_.store(std::move(*engine));
    return {};
}

}  // namespace mp::policy
