// engine.cpp: see engine.hpp. Building an Engine loads every file the
// configuration names (maps, later keys and stores), so a Runtime reload is
// all-or-nothing: either everything new is in place, or nothing changed.
#include "policy/engine.hpp"

#include "access/schema.hpp"
#include "callahead/options.hpp"
#include "dkim/options.hpp"
#include "greylist/options.hpp"
#include "metrics/options.hpp"
#include "protrcpt/options.hpp"
#include "scan/options.hpp"
#include "policy/daemon_schema.hpp"
#include "policy/dnsbl_stage.hpp"
#include "policy/parts.hpp"
#include "policy/rules_stage.hpp"
#include "util/log.hpp"

namespace mp::policy {

namespace {

void add_errors(config::Diagnostics& d, const maps::Errors& e) {
    d.errors.insert(d.errors.end(), e.errors.begin(), e.errors.end());
    if (e.dropped) d.errors.push_back(e.file + ": ... and " + std::to_string(e.dropped) + " more errors");
}

// The section of `table` read into `out`: the section, or null when the file
// has none (`out` keeps its defaults) or it failed (the error added to `d`).
template <class S>
const config::Section* read_section(const config::Section& root, const config::Table<S>& table, S& out,
                                    config::Diagnostics& d) {
    const auto* sec = root.section(table.spec().name);
    if (!sec) return nullptr;
    if (auto r = table.read(*sec, out); !r) {
        d.add(r.error());
        return nullptr;
    }
    return sec;
}

void build_daemons(const config::Section& root, EngineParts& p, config::Diagnostics& d) {
    read_section(root, milter_table(), p.milter, d);
    read_section(root, pmilter_table(), p.pmilter, d);
    read_section(root, log_table(), p.log, d);
    read_section(root, metrics::table(), p.metrics, d);
}

void build_access(const config::Section& root, EngineParts& p, config::Diagnostics& d) {
    read_section(root, access::policy_table(), p.flags, d);
    access::Options opts;
    if (!read_section(root, access::access_map_table(), opts, d)) return;
    p.access = std::make_unique<maps::Source<access::AccessMap>>(opts.file, access::loader(opts));
    if (auto r = p.access->reload(); !r) add_errors(d, r.error());
}

void build_scanners(const config::Section& root, EngineParts& p, config::Diagnostics& d) {
    std::vector<scan::Options> all;
    for (const auto* sec : root.sections(scan::table().spec().name)) {
        auto o = scan::options_from(*sec);
        if (!o) d.add(o.error());
        else all.push_back(std::move(*o));
    }
    if (all.empty() || !d.errors.empty()) return;
    auto chain = scan::Chain::create(all);
    if (!chain) d.errors.push_back(chain.error().message);
    else p.scanners = std::make_unique<scan::Chain>(std::move(*chain));
}

void build_signer(const config::Section& root, EngineParts& p, config::Diagnostics& d) {
    dkim::Options o;
    const auto* sec = read_section(root, dkim::table(), o, d);
    if (!sec) return;
    auto signer = dkim::Signer::create(o);
    if (!signer) {
        // The one-key form names its key "dkim": say where key_file is written.
        std::string m = signer.error().message;
        if (o.key_table.empty() && m.starts_with("dkim: ")) m = sec->where("key_file").str() + m.substr(4);
        return d.errors.push_back(m);
    }
    p.signer = std::move(*signer);
}

void build_protect(const config::Section& root, EngineParts& p, config::Diagnostics& d) {
    protrcpt::AliasesOptions al;
    if (read_section(root, protrcpt::aliases_table(), al, d)) {
        p.aliases = std::make_unique<maps::Source<maps::AliasMap>>(al.file, [](const std::string& path) {
            auto m = maps::AliasMap::load(path);
            if (!m) return Result<std::shared_ptr<const maps::AliasMap>, maps::Errors>(Unexpected<maps::Errors>{m.error()});
            return Result<std::shared_ptr<const maps::AliasMap>, maps::Errors>(
                std::make_shared<const maps::AliasMap>(std::move(*m)));
        });
        if (auto r = p.aliases->reload(); !r) add_errors(d, r.error());
    }
    protrcpt::Options o;
    const auto* sec = read_section(root, protrcpt::table(), o, d);
    if (!sec) return;
    if (!p.access) return d.add({sec->where(), "protected_recipients needs an access_map section"});
    p.protect = o;
}

void build_greylist(const config::Section& root, const Engine* previous, bool open_stores, EngineParts& p,
                    config::Diagnostics& d) {
    greylist::Options o;
    const auto* sec = read_section(root, greylist::table(), o, d);
    if (!sec) return;
    if (o.store == greylist::StoreKind::Lmdb) p.store_dir = o.lmdb.path;
    if (o.store == greylist::StoreKind::Journal) p.store_dir = o.journal.path;
    p.greylisting = true;
    p.greylist_at_data = o.delay_until_data;
    if (!open_stores) return;
    const auto* old = previous ? previous->parts().greylister.get() : nullptr;
    if (old && greylist::Greylister::same_store(old->options(), o)) {
        p.greylister = old->with_options(o);
        return;
    }
    auto g = greylist::Greylister::create(o);
    if (!g) return d.add({sec->where(), "greylisting store: " + g.error().message});
    p.greylister = std::move(*g);
}

void build_callahead(const config::Section& root, EngineParts& p, config::Diagnostics& d) {
    callahead::Options o;
    const auto* sec = read_section(root, callahead::table(), o, d);
    if (!sec) return;
    auto c = callahead::Checker::create(o);
    if (!c) return d.add({sec->where(), "callahead: " + c.error().message});
    p.callahead = std::move(*c);
}

}  // namespace

Engine::Engine(config::Config cfg, std::unique_ptr<EngineParts> parts)
    : cfg_(std::move(cfg)), parts_(std::move(parts)) {}

Engine::~Engine() = default;

Result<std::shared_ptr<const Engine>, config::Diagnostics> Engine::create(config::Config cfg, const Engine* previous,
                                                                          bool open_stores) {
    auto parts = std::make_unique<EngineParts>();
    config::Diagnostics d;
    build_daemons(cfg.root(), *parts, d);
    build_access(cfg.root(), *parts, d);
    build_scanners(cfg.root(), *parts, d);
    build_signer(cfg.root(), *parts, d);
    build_protect(cfg.root(), *parts, d);
    build_greylist(cfg.root(), previous, open_stores, *parts, d);
    build_auth(cfg.root(), parts->auth, d);
    build_callahead(cfg.root(), *parts, d);
    build_rules(cfg.root(), *parts, d);
    build_dnsbl(cfg.root(), *parts, d);
    if (!d.errors.empty()) return Unexpected<config::Diagnostics>{std::move(d)};
    return std::shared_ptr<const Engine>(new Engine(std::move(cfg), std::move(parts)));
}

const MilterOptions& Engine::milter() const { return parts_->milter; }
const PmilterOptions& Engine::pmilter() const { return parts_->pmilter; }
const LogOptions& Engine::log() const { return parts_->log; }
const metrics::Options& Engine::metrics() const { return parts_->metrics; }

std::shared_ptr<const access::AccessMap> Engine::access_map() const {
    return parts_->access ? parts_->access->get() : nullptr;
}

std::shared_ptr<greylist::Greylister> Engine::greylister() const { return parts_->greylister; }

bool Engine::wants_content() const {
    const auto& r = parts_->rules;
    return parts_->scanners || parts_->signer || parts_->auth.wants_content() || r.has_stage(rules::Stage::Header) ||
           r.has_stage(rules::Stage::Eoh);
}

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
    refresh_one(parts_->auth.spf_pass_from.get(), errors);
    return errors;
}

std::string Engine::store_dir() const { return parts_->store_dir; }

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
