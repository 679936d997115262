// address.cpp: see address.hpp.
#include "dkim/address.hpp"

#include "util/strings.hpp"

namespace mp::dkim {
namespace {

// The value with comments removed and quoted strings kept verbatim; stops at
// the first ',' outside quotes/brackets (end of the first mailbox).
std::string first_mailbox(std::string_view v) {
    std::string out;
    int depth = 0;
    bool quoted = false, angle = false;
    for (size_t i = 0; i < v.size(); ++i) {
        char c = v[i];
        if (c == '\\' && (quoted || depth > 0) && i + 1 < v.size()) {
            if (!depth) out += v.substr(i, 2);
            ++i;
            continue;
        }
        if (depth > 0) { depth += c == '(' ? 1 : c == ')' ? -1 : 0; continue; }
        if (quoted) { out += c; quoted = c != '"'; continue; }
        if (c == '(') { depth = 1; out += ' '; continue; }
        if (c == '"') quoted = true;
        if (c == '<') angle = true;
        if (c == '>') angle = false;
        if (c == ':' && !angle) { out.clear(); continue; }  // group "name: a@b, c@d;"
        if ((c == ',' || c == ';') && !angle) {
            if (out.find('@') != std::string::npos) break;
            out.clear();
            continue;
        }
        out += c;
    }
    return out;
}

}  // namespace

std::string domain_of(std::string_view address) {
    size_t at = address.rfind('@');
    if (at == std::string_view::npos) return {};
    std::string d = util::lower(util::trim(address.substr(at + 1)));
    if (!d.empty() && d.back() == '.') d.pop_back();
    return d;
}

std::string author_address(std::string_view from_value) {
    std::string box = first_mailbox(from_value);
    std::string_view addr = box;
    size_t lt = std::string::npos;
    bool quoted = false;
    for (size_t i = 0; i < box.size(); ++i) {  // '<' outside a quoted display name
        if (box[i] == '"') quoted = !quoted;
        if (box[i] == '<' && !quoted) { lt = i; break; }
    }
    if (lt != std::string::npos) {
        size_t gt = box.find('>', lt);
        addr = std::string_view(box).substr(lt + 1, gt == std::string::npos ? std::string::npos : gt - lt - 1);
    }
    std::string cleaned;
    for (char c : addr)
        if (c != '\r' && c != '\n' && c != ' ' && c != '\t') cleaned += c;
    size_t at = cleaned.rfind('@');
    if (at == std::string::npos || at == 0 || at + 1 == cleaned.size()) return {};
    return cleaned.substr(0, at + 1) + domain_of(cleaned);
}

}  // namespace mp::dkim
