// restriction.cpp: see restriction.hpp.
#include "access/restriction.hpp"

#include "maps/lookup_order.hpp"
#include "util/strings.hpp"

namespace mp::access {

namespace {

using Fail = Unexpected<ParseError>;

Result<Restriction, ParseError> one(std::string_view word) {
    Restriction r;
    r.written = std::string(word);
    auto colon = word.find(':');
    std::string_view kind = word.substr(0, colon == std::string_view::npos ? 0 : colon);
    std::string_view value = colon == std::string_view::npos ? std::string_view{} : word.substr(colon + 1);
    if (util::iequals(kind, "cltaddr")) {
        auto net = maps::parse_net_lhs(value);
        if (!net) return Fail{{colon + 1, "'" + std::string(value) + "' is not an IP address or network"}};
        r.kind = Restriction::Kind::CltAddr;
        r.net = *net;
        return r;
    }
    bool from = util::iequals(kind, "from");
    if (!from && !util::iequals(kind, "list"))
        return Fail{{0, "unknown restriction '" + std::string(word) + "' (expected from:, cltaddr: or list:)"}};
    r.kind = from ? Restriction::Kind::From : Restriction::Kind::List;
    r.address = util::lower(util::strip_angles(value));
    if (r.address.empty()) return Fail{{colon + 1, "empty address in " + std::string(kind) + ": restriction"}};
    return r;
}

}  // namespace

Result<std::vector<Restriction>, ParseError> parse_restrictions(std::string_view text) {
    std::vector<Restriction> out;
    for (auto word : util::split_blanks(text)) {
        auto r = one(word);
        size_t at = size_t(word.data() - text.data());
        if (!r) return Fail{{at + r.error().offset, r.error().message}};
        out.push_back(std::move(*r));
    }
    if (out.empty()) return Fail{{0, "protectedrcpt: needs at least one restriction"}};
    return out;
}

}  // namespace mp::access
