// passlist.cpp: see passlist.hpp.
#include "spf/passlist.hpp"

#include <cctype>

#include "util/strings.hpp"

namespace mp::spf {

namespace {

std::string normal(std::string_view d) {
    std::string s = util::lower(d);
    if (!s.empty() && s.back() == '.') s.pop_back();
    return s;
}

// The 0-based offset of the first fault of a domain name and what it is,
// or nullopt for a good name (letters, digits, '-', '_'; labels of 1-63).
std::optional<std::pair<size_t, std::string>> fault(std::string_view d) {
    if (d.size() > 253) return std::pair{size_t(0), std::string("domain longer than 253 characters")};
    size_t label = 0;
    for (size_t i = 0; i < d.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(d[i]);
        if (c == '.') {
            if (label == 0) return std::pair{i, std::string("empty label in domain")};
            label = 0;
        } else if (std::isalnum(c) || c == '-' || c == '_') {
            if (++label > 63) return std::pair{i, std::string("label longer than 63 characters")};
        } else {
            return std::pair{i, "unexpected '" + std::string(1, char(c)) + "': one domain per line"};
        }
    }
    if (d.empty()) return std::pair{size_t(0), std::string("expected a domain")};
    if (label == 0) return std::pair{d.size() - 1, std::string("empty label in domain")};
    return std::nullopt;
}

}  // namespace

std::optional<std::string> PassList::covering(std::string_view domain) const {
    std::string d = normal(domain);
    for (size_t from = 0; from < d.size();) {
        std::string_view tail = std::string_view(d).substr(from);
        if (domains_.count(std::string(tail))) return std::string(tail);
        size_t dot = d.find('.', from);
        if (dot == std::string::npos) break;
        from = dot + 1;
    }
    return std::nullopt;
}

Result<PassList, maps::Errors> PassList::parse(std::string_view text, const std::string& file) {
    PassList list;
    maps::Errors errors(file);
    maps::for_each_line(text, maps::Limits{}, errors, [&](int line, std::string_view s, int column) {
        std::string_view d = s.ends_with('.') ? s.substr(0, s.size() - 1) : s;
        if (auto f = fault(d)) return errors.add(line, column + int(f->first), f->second);
        list.domains_.insert(normal(d));
    });
    if (!errors.empty()) return Unexpected<maps::Errors>{std::move(errors)};
    return list;
}

Result<std::shared_ptr<const PassList>, maps::Errors> PassList::load(const std::string& path) {
    auto text = maps::read_bounded(path, maps::Limits{}.max_file_bytes);
    if (!text) {
        maps::Errors e(path);
        e.errors.push_back(text.error().message);
        return Unexpected<maps::Errors>{std::move(e)};
    }
    auto list = parse(*text, path);
    if (!list) return Unexpected<maps::Errors>{list.error()};
    return std::shared_ptr<const PassList>(std::make_shared<const PassList>(std::move(*list)));
}

Result<std::string> passlist_path(std::string_view spec) {
    if (!spec.starts_with("file:") || spec.size() == 5 || spec[5] != '/')
        return fail("expected \"file:/absolute/path\", got \"" + std::string(spec) + "\"");
    return std::string(spec.substr(5));
}

}  // namespace mp::spf
