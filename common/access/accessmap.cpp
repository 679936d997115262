// accessmap.cpp: see accessmap.hpp.
#include "access/accessmap.hpp"

#include "access/dn.hpp"
#include "util/net.hpp"
#include "util/strings.hpp"

namespace mp::access {

namespace {

Result<std::string, maps::KeyError> access_key(std::string_view lhs) {
    auto colon = lhs.find(':');
    if (colon == std::string_view::npos)
        return Unexpected<maps::KeyError>{{0, "missing tag (expected e.g. to:, from:, cltaddr:)"}};
    auto tag = tag_from(lhs.substr(0, colon));
    if (!tag) return Unexpected<maps::KeyError>{{0, "unknown tag '" + std::string(lhs.substr(0, colon + 1)) + "'"}};
    auto key = normalize_key(*tag, lhs.substr(colon + 1));
    if (!key) return Unexpected<maps::KeyError>{{colon + 1 + key.error().offset, key.error().message}};
    return std::string(tag_name(*tag)) + ":" + *key;
}

Tag entry_tag(const maps::Entry& e) { return *tag_from(std::string_view(e.key).substr(0, e.key.find(':'))); }

}  // namespace

Result<AccessMap, maps::Errors> AccessMap::parse(std::string_view text, const std::string& name, const Options& opts,
                                                 const maps::Limits& limits) {
    maps::Errors errors(name);
    AccessMap am(maps::TextMap::parse_partial(text, name, access_key, limits, errors), opts);
    am.validate(errors);
    if (errors.empty()) return am;
    errors.sort();
    return Unexpected<maps::Errors>{std::move(errors)};
}

Result<AccessMap, maps::Errors> AccessMap::load(const Options& opts, const maps::Limits& limits) {
    auto text = maps::read_bounded(opts.file, limits.max_file_bytes);
    if (!text) {
        maps::Errors e(opts.file);
        e.errors.push_back(text.error().message);
        return Unexpected<maps::Errors>{std::move(e)};
    }
    auto m = parse(*text, opts.file, opts, limits);
    if (!m || opts.regex.empty()) return m;
    if (auto r = m->load_regex(limits); !r) return Unexpected<maps::Errors>{r.error()};
    return m;
}

// Parse every RHS by its tag's grammar; report all problems.
void AccessMap::validate(maps::Errors& errors) {
    rhs_.resize(map_.size());
    restr_.resize(map_.size());
    for (size_t i = 0; i < map_.size(); ++i) {
        const maps::Entry& e = map_.entries()[i];
        Tag tag = entry_tag(e);
        if (tag == Tag::ProtectedRcpt) {
            auto r = parse_restrictions(e.rhs);
            if (!r) errors.add(e.line, e.rhs_column + int(r.error().offset), r.error().message);
            else restr_[i] = std::move(*r);
            continue;
        }
        auto r = parse_rhs(e.rhs);
        if (!r) {
            errors.add(e.line, e.rhs_column + int(r.error().offset), r.error().message);
            continue;
        }
        if (r->action == Action::Relay && !relay_allowed(tag))
            errors.add(e.line, e.rhs_column, std::string("relay is not valid for ") + tag_name(tag) +
                                                 ": (only to:, cltaddr:, cltname:, certissuer:, certsubject:)");
        rhs_[i] = std::move(*r);
    }
}

std::vector<std::string> AccessMap::keys_for(Tag tag, std::string_view key) const {
    switch (tag) {
        case Tag::From:
        case Tag::To:
        case Tag::ProtectedRcpt:
            return maps::address_keys(key, {opts_.delimiter, true, opts_.implicit_detail});
        case Tag::CltName: return maps::domain_keys(key);
        case Tag::CltAddr:
        case Tag::MxBadIp: {
            auto ip = util::IpAddr::parse(util::trim(key));
            if (!ip) return {};
            return maps::ip_keys(*ip, map_.nets(tag_name(tag)));
        }
        case Tag::CltResolve: return {util::lower(key)};
        case Tag::CertIssuer:
        case Tag::CertSubject: return {dn_key(key)};
    }
    return {};
}

std::optional<Match> AccessMap::lookup(Tag tag, std::string_view key) const {
    const maps::Entry* e = map_.find_first(std::string(tag_name(tag)) + ":", keys_for(tag, key));
    if (!e) return lookup_regex(tag, key);
    size_t i = map_.index_of(e);
    return Match{tag, e->lhs, e->rhs, rhs_[i], restr_[i], e->line};
}

std::vector<Match> AccessMap::entries(Tag tag) const {
    std::vector<Match> out;
    for (size_t i = 0; i < map_.size(); ++i) {
        const maps::Entry& e = map_.entries()[i];
        if (entry_tag(e) == tag) out.push_back({tag, e.lhs, e.rhs, rhs_[i], restr_[i], e.line});
    }
    return out;
}

Result<std::optional<Match>> AccessMap::lookup_text(std::string_view tagged) const {
    auto colon = tagged.find(':');
    auto tag = colon == std::string_view::npos ? std::nullopt : tag_from(tagged.substr(0, colon));
    if (!tag) return fail("expected TAG:KEY with a tag of the access map, got '" + std::string(tagged) + "'");
    return lookup(*tag, tagged.substr(colon + 1));
}

namespace {

std::string canonical(const Rhs& r) {
    std::string out = r.quick ? "quick:" : "";
    out += action_name(r.action);
    if (r.action == Action::Error) out += ":" + r.reply.str();
    return out;
}

std::string canonical(const std::vector<Restriction>& rs) {
    std::string out;
    for (const auto& r : rs) {
        if (!out.empty()) out += " ";
        switch (r.kind) {
            case Restriction::Kind::From: out += "from:<" + r.address + ">"; break;
            case Restriction::Kind::List: out += "list:<" + r.address + ">"; break;
            case Restriction::Kind::CltAddr: out += "cltaddr:" + r.net.str(); break;
        }
    }
    return out;
}

}  // namespace

std::string AccessMap::dump() const {
    std::string out;
    for (size_t i = 0; i < map_.size(); ++i) {
        const maps::Entry& e = map_.entries()[i];
        bool protect = entry_tag(e) == Tag::ProtectedRcpt;
        out += std::to_string(e.line) + "\t" + e.key + "\t" + (protect ? canonical(restr_[i]) : canonical(rhs_[i])) + "\n";
    }
    return out;
}

maps::Source<AccessMap>::Loader loader(Options opts) {
    return [opts](const std::string& path) -> Result<std::shared_ptr<const AccessMap>, maps::Errors> {
        Options o = opts;
        o.file = path;
        auto m = AccessMap::load(o);
        if (!m) return Unexpected<maps::Errors>{m.error()};
        return std::make_shared<const AccessMap>(std::move(*m));
    };
}

}  // namespace mp::access
