// cache.cpp: see cache.hpp.
#include "callahead/cache.hpp"

#include <algorithm>
#include <vector>

#include "util/strings.hpp"

namespace mp::callahead {

std::optional<Answer> Cache::get(std::string_view rcpt, int64_t now) const {
    std::lock_guard lock(mu_);
    auto it = entries_.find(util::lower(rcpt));
    if (it == entries_.end() || it->second.expires <= now) return std::nullopt;
    return it->second.answer;
}

void Cache::put(std::string_view rcpt, const Answer& a, int64_t expires) {
    std::lock_guard lock(mu_);
    std::string key = util::lower(rcpt);
    if (!entries_.contains(key) && entries_.size() >= max_) make_room();
    entries_[std::move(key)] = {a, expires};
}

size_t Cache::size() const {
    std::lock_guard lock(mu_);
    return entries_.size();
}

// Drop the half that expires soonest: the expired entries are among them.
void Cache::make_room() {
    std::vector<int64_t> exp;
    exp.reserve(entries_.size());
    for (const auto& [k, e] : entries_) exp.push_back(e.expires);
    std::nth_element(exp.begin(), exp.begin() + exp.size() / 2, exp.end());
    int64_t cut = exp.empty() ? 0 : exp[exp.size() / 2];
    std::erase_if(entries_, [cut](const auto& kv) { return kv.second.expires <= cut; });
}

}  // namespace mp::callahead
