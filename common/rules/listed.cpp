// listed.cpp: see listed.hpp.
#include "rules/listed.hpp"

#include <algorithm>

namespace mp::rules {

const dnsbl::Listing* listed_on(const std::vector<std::string>& labels, dnsbl::Kind kind,
                                const dnsbl::Listings* listings) {
    if (!listings) return nullptr;
    for (const auto& l : *listings)
        if (l.kind == kind && std::find(labels.begin(), labels.end(), l.label) != labels.end()) return &l;
    return nullptr;
}

}  // namespace mp::rules
