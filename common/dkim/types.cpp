// types.cpp: see types.hpp.
#include "dkim/types.hpp"

#include "util/strings.hpp"

namespace mp::dkim {
namespace {

std::optional<Canon> one(std::string_view w) {
    if (util::iequals(w, "simple")) return Canon::Simple;
    if (util::iequals(w, "relaxed")) return Canon::Relaxed;
    return std::nullopt;
}

}  // namespace

std::optional<CanonPair> parse_canon(std::string_view text) {
    text = util::trim(text);
    auto slash = text.find('/');
    auto h = one(util::trim(text.substr(0, slash)));
    if (!h) return std::nullopt;
    if (slash == std::string_view::npos) return CanonPair{*h, Canon::Simple};
    auto b = one(util::trim(text.substr(slash + 1)));
    if (!b) return std::nullopt;
    return CanonPair{*h, *b};
}

}  // namespace mp::dkim
