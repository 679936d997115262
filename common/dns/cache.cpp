// cache.cpp: see cache.hpp.
#include "dns/cache.hpp"

#include <algorithm>

#include "util/strings.hpp"

namespace mp::dns {

namespace {

uint32_t keep_for(const Answer& a, const CacheLimits& l) {
    switch (a.status) {
    case Status::Ok: return std::min(a.ttl, l.max_ttl);
    case Status::NoData:
    case Status::NxDomain: return a.ttl ? std::min(a.ttl, l.negative_ttl) : l.negative_ttl;
    case Status::TempError: return 0;
    }
    return 0;
}

std::string key_name(std::string_view name) {
    std::string n = util::lower(name);
    if (!n.empty() && n.back() == '.') n.pop_back();
    return n;
}

}  // namespace

std::optional<Answer> Cache::get(std::string_view name, Type type, int64_t now) const {
    auto it = entries_.find({key_name(name), uint16_t(type)});
    if (it == entries_.end() || it->second.expires <= now) return std::nullopt;
    Answer a = it->second.answer;
    a.ttl = uint32_t(it->second.expires - now);
    a.cached = true;
    return a;
}

void Cache::put(std::string_view name, Type type, const Answer& answer, int64_t now) {
    uint32_t ttl = keep_for(answer, limits_);
    if (ttl == 0 || limits_.max_entries == 0) return;
    Key key{key_name(name), uint16_t(type)};
    if (!entries_.count(key)) make_room(now);
    Entry& e = entries_[key];
    e.answer = answer;
    e.answer.cached = false;
    e.expires = now + ttl;
}

void Cache::make_room(int64_t now) {
    if (entries_.size() < limits_.max_entries) return;
    std::erase_if(entries_, [now](const auto& kv) { return kv.second.expires <= now; });
    if (entries_.size() < limits_.max_entries) return;
    auto soonest = std::min_element(entries_.begin(), entries_.end(), [](const auto& a, const auto& b) {
        return a.second.expires < b.second.expires;
    });
    entries_.erase(soonest);
}

}  // namespace mp::dns
