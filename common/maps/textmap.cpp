// textmap.cpp: see textmap.hpp.
#include "maps/textmap.hpp"

#include "util/strings.hpp"

namespace mp::maps {

namespace {

bool is_blank(char c) { return c == ' ' || c == '\t'; }

Result<std::string, KeyError> default_key(std::string_view lhs) { return util::lower(lhs); }

}  // namespace

TextMap TextMap::parse_partial(std::string_view text, const std::string& name, const KeyFn& key,
                               const Limits& limits, Errors& errors) {
    TextMap map;
    map.name_ = name;
    map.max_entries_ = limits.max_entries;
    const KeyFn& fn = key ? key : KeyFn(default_key);
    for_each_line(text, limits, errors, [&](int line, std::string_view content, int column) {
        map.add_line(line, content, column, fn, errors);
    });
    return map;
}

Result<TextMap, Errors> TextMap::parse(std::string_view text, const std::string& name, const KeyFn& key,
                                       const Limits& limits) {
    Errors errors{name};
    TextMap map = parse_partial(text, name, key, limits, errors);
    if (!errors.empty()) return Unexpected<Errors>{std::move(errors)};
    return map;
}

Result<TextMap, Errors> TextMap::load(const std::string& path, const KeyFn& key, const Limits& limits) {
    auto text = read_bounded(path, limits.max_file_bytes);
    if (!text) {
        Errors e{path};
        e.errors.push_back(text.error().message);
        return Unexpected<Errors>{std::move(e)};
    }
    return parse(*text, path, key, limits);
}

void TextMap::add_line(int line, std::string_view content, int column, const KeyFn& key, Errors& errors) {
    size_t split = 0;
    while (split < content.size() && !is_blank(content[split])) ++split;
    size_t rhs_at = split;
    while (rhs_at < content.size() && is_blank(content[rhs_at])) ++rhs_at;
    std::string_view lhs = content.substr(0, split);
    if (rhs_at == content.size()) {
        errors.add(line, column + int(split), "missing right-hand side after key '" + std::string(lhs) + "'");
        return;
    }
    auto k = key(lhs);
    if (!k) {
        errors.add(line, column + int(k.error().offset), k.error().message);
        return;
    }
    if (auto it = index_.find(*k); it != index_.end()) {
        const Entry& first = entries_[it->second];
        errors.add(line, column, "duplicate key '" + std::string(lhs) + "' (first defined at " + name_ + ":" +
                                     std::to_string(first.line) + ":" + std::to_string(first.lhs_column) + ")");
        return;
    }
    if (entries_.size() >= max_entries_) {
        errors.add(line, column, "too many entries (limit " + std::to_string(max_entries_) + ")");
        return;
    }
    entries_.push_back({*k, std::string(lhs), std::string(content.substr(rhs_at)), line, column, column + int(rhs_at)});
    index_.emplace(*k, entries_.size() - 1);
    if (k->find('/') != std::string::npos) index_net(*k);
}

// Record the prefix length of a "tag:net/len" or untagged "net/len" key.
void TextMap::index_net(const std::string& key) {
    auto colon = key.find(':');
    if (colon != std::string::npos) {
        if (auto n = util::Network::parse(std::string_view(key).substr(colon + 1))) {
            nets_[key.substr(0, colon)].add(*n);
            return;
        }
    }
    if (auto n = util::Network::parse(key)) nets_[""].add(*n);
}

const Entry* TextMap::find(std::string_view key) const {
    auto it = index_.find(key);
    return it == index_.end() ? nullptr : &entries_[it->second];
}

const Entry* TextMap::find_first(std::string_view prefix, const std::vector<std::string>& keys) const {
    std::string probe;
    for (const auto& k : keys) {
        probe.assign(prefix);
        probe += k;
        if (const Entry* e = find(probe)) return e;
    }
    return nullptr;
}

const PrefixSet* TextMap::nets(std::string_view tag) const {
    auto it = nets_.find(tag);
    return it == nets_.end() ? nullptr : &it->second;
}

}  // namespace mp::maps
