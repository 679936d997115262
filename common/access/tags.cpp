// tags.cpp: see tags.hpp.
#include "access/tags.hpp"

#include "access/dn.hpp"
#include "maps/lookup_order.hpp"
#include "util/net.hpp"
#include "util/strings.hpp"

namespace mp::access {

namespace {

struct TagName {
    Tag tag;
    const char* name;
};
constexpr TagName kTags[] = {
    {Tag::CltAddr, "cltaddr"},       {Tag::CltName, "cltname"},   {Tag::CltResolve, "cltresolve"},
    {Tag::From, "from"},             {Tag::To, "to"},             {Tag::MxBadIp, "mxbadip"},
    {Tag::CertIssuer, "certissuer"}, {Tag::CertSubject, "certsubject"}, {Tag::ProtectedRcpt, "protectedrcpt"},
};

using Fail = Unexpected<ParseError>;

Result<std::string, ParseError> address_key(std::string_view key) {
    std::string_view a = util::strip_angles(key);
    if (a.empty()) return Fail{{0, "empty address"}};
    if (a.back() == '@') return Fail{{a.size(), "address with an empty domain"}};
    return util::lower(a);
}

Result<std::string, ParseError> host_key(std::string_view key) {
    std::string h = util::lower(key);
    if (h.size() > 1 && h.back() == '.') h.pop_back();
    if (h.empty() || h == ".") return Fail{{0, "empty host name"}};
    if (h.find('@') != std::string::npos) return Fail{{h.find('@'), "a host name has no '@'"}};
    return h;
}

}  // namespace

std::optional<Tag> tag_from(std::string_view name) {
    for (const auto& t : kTags)
        if (util::iequals(name, t.name)) return t.tag;
    return std::nullopt;
}

const char* tag_name(Tag t) {
    for (const auto& n : kTags)
        if (n.tag == t) return n.name;
    return "?";
}

bool relay_allowed(Tag t) {
    return t == Tag::To || t == Tag::CltAddr || t == Tag::CltName || t == Tag::CertIssuer || t == Tag::CertSubject;
}

Result<std::string, ParseError> normalize_key(Tag t, std::string_view key) {
    switch (t) {
        case Tag::CltAddr:
        case Tag::MxBadIp:
            if (auto net = maps::parse_net_lhs(key)) return maps::network_key(*net);
            if (auto loose = util::Network::parse(key))
                return Fail{{0, "host bits set in '" + std::string(key) + "' (did you mean " + loose->str() + "?)"}};
            return Fail{{0, "'" + std::string(key) + "' is not an IP address or network"}};
        case Tag::CltName: return host_key(key);
        case Tag::CltResolve:
            for (const char* k : {"ok", "no", "tempptr", "tempa"})
                if (util::iequals(key, k)) return std::string(k);
            return Fail{{0, "cltresolve: key must be ok, no, tempptr or tempa"}};
        case Tag::From:
        case Tag::To:
        case Tag::ProtectedRcpt: return address_key(key);
        case Tag::CertIssuer:
        case Tag::CertSubject: return dn_key(key);
    }
    return Fail{{0, "unknown tag"}};
}

}  // namespace mp::access
