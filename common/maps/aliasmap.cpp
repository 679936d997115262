// aliasmap.cpp: see aliasmap.hpp.
#include "maps/aliasmap.hpp"

#include "util/strings.hpp"

namespace mp::maps {

Result<AliasMap, Errors> AliasMap::parse(std::string_view text, const std::string& name, const Limits& limits) {
    AliasMap map;
    map.name_ = name;
    map.max_entries_ = limits.max_entries;
    Errors errors{name};
    for_each_line(text, limits, errors, [&](int line, std::string_view content, int column) {
        map.add_line(line, content, column, errors);
    });
    if (!errors.empty()) return Unexpected<Errors>{std::move(errors)};
    return map;
}

Result<AliasMap, Errors> AliasMap::load(const std::string& path, const Limits& limits) {
    auto text = read_bounded(path, limits.max_file_bytes);
    if (!text) {
        Errors e{path};
        e.errors.push_back(text.error().message);
        return Unexpected<Errors>{std::move(e)};
    }
    return parse(*text, path, limits);
}

namespace {

// Parse the members after "name:"; on error returns the offset and message.
Result<std::vector<std::string>, std::pair<size_t, std::string>> parse_members(std::string_view rhs) {
    std::vector<std::string> out;
    auto words = util::split_blanks(rhs);
    if (words.empty()) return Unexpected<std::pair<size_t, std::string>>{{0, "alias has no members"}};
    if (words.size() == 1 && words[0].front() != '<' && words[0].find('@') == std::string_view::npos) {
        out.push_back(util::lower(words[0]));
        return out;
    }
    for (auto w : words) {
        size_t off = size_t(w.data() - rhs.data());
        if (w.size() < 3 || w.front() != '<' || w.back() != '>')
            return Unexpected<std::pair<size_t, std::string>>{
                {off, "expected an address in angle brackets, got '" + std::string(w) + "'"}};
        out.push_back(util::lower(util::strip_angles(w)));
    }
    return out;
}

}  // namespace

void AliasMap::add_line(int line, std::string_view content, int column, Errors& errors) {
    size_t colon = content.find(':');
    size_t blank = content.find_first_of(" \t");
    if (colon == std::string_view::npos || colon == 0 || (blank != std::string_view::npos && blank < colon)) {
        errors.add(line, column, "expected 'name: <address> ...'");
        return;
    }
    std::string key = util::lower(content.substr(0, colon));
    std::string_view rhs = content.substr(colon + 1);
    auto members = parse_members(rhs);
    if (!members) {
        errors.add(line, column + int(colon + 1 + members.error().first), members.error().second);
        return;
    }
    if (auto it = index_.find(key); it != index_.end()) {
        errors.add(line, column, "duplicate alias '" + std::string(content.substr(0, colon)) +
                                     "' (first defined at " + name_ + ":" + std::to_string(aliases_[it->second].line) + ")");
        return;
    }
    if (aliases_.size() >= max_entries_) {
        errors.add(line, column, "too many entries (limit " + std::to_string(max_entries_) + ")");
        return;
    }
    aliases_.push_back({std::string(content.substr(0, colon)), std::move(*members), line});
    index_.emplace(std::move(key), aliases_.size() - 1);
}

const Alias* AliasMap::find(std::string_view name) const {
    auto it = index_.find(util::lower(name));
    return it == index_.end() ? nullptr : &aliases_[it->second];
}

const Alias* AliasMap::find_address(std::string_view address) const {
    std::string a = util::lower(util::strip_angles(util::trim(address)));
    if (const Alias* hit = find(a)) return hit;
    auto at = a.rfind('@');
    return at == std::string::npos ? nullptr : find(std::string_view(a).substr(0, at));
}

}  // namespace mp::maps
