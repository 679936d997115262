// regexmap.cpp: the access map's regex: map (access_map { regex = PATH; }),
// Postfix regexp_table style (maps/regexmap.hpp). It is asked only when the
// text map has no entry for a lookup, with the subject "tag:key" as the MTA
// gave it ("cltname:dyn-192-0-2-7.pool.example.net", "from:a@example.org"),
// so one file can hold patterns for every tag:
//   /^cltname:.*[.-](dyn|dsl|pool)[0-9.-]/   error:550 5.7.1 Dynamic address
// Results are access-map RHS values (ok, reject, discard, error:..., cont,
// quick:...), checked when the file loads; `relay` is refused there (a
// pattern is too broad a key to relay on). protectedrcpt lookups never use
// it. The regex file is re-read whenever the access map is (SIGUSR1, or a
// change of the text map file); a pattern hitting its match limit is a
// warning and no match.
#include "access/accessmap.hpp"
#include "util/log.hpp"
#include "util/strings.hpp"

namespace mp::access {

Result<void, maps::Errors> AccessMap::load_regex(const maps::Limits& limits) {
    auto rm = maps::RegexMap::load(opts_.regex, limits);
    if (!rm) return Unexpected<maps::Errors>{rm.error()};
    maps::Errors errors(opts_.regex);
    for (const auto& e : rm->entries()) {
        auto r = parse_rhs(e.rhs);
        if (!r) errors.add(e.line, e.rhs_column + int(r.error().offset), r.error().message);
        else if (r->action == Action::Relay) errors.add(e.line, e.rhs_column, "relay is not valid in a regex map");
        else regex_rhs_.push_back(std::move(*r));
    }
    if (!errors.empty()) return Unexpected<maps::Errors>{std::move(errors)};
    regex_ = std::make_shared<const maps::RegexMap>(std::move(*rm));
    return {};
}

std::optional<Match> AccessMap::lookup_regex(Tag tag, std::string_view key) const {
    if (!regex_ || tag == Tag::ProtectedRcpt) return std::nullopt;
    std::string error;
    const maps::RegexEntry* e = regex_->find(std::string(tag_name(tag)) + ":" + std::string(util::trim(key)), &error);
    if (!error.empty()) util::log_warning("", "access map regex " + error + ": no match");
    if (!e) return std::nullopt;
    size_t i = size_t(e - regex_->entries().data());
    return Match{tag, e->lhs, e->rhs, regex_rhs_[i], {}, e->line};
}

}  // namespace mp::access
