// authres.cpp: see authres.hpp.
#include "authres/authres.hpp"

#include "util/strings.hpp"

namespace mp::authres {

const config::Table<Options>& table() {
    using O = Options;
    static const config::Table<O> t{{
        .name = "authentication_results",
        .doc = "add one Authentication-Results header (RFC 8601) with the spf, dkim and dmarc results at end "
               "of data; incoming ones with our authserv-id are removed",
        .rows = {
            {.name = "authserv_id", .type = config::Type::String, .to = config::to<&O::authserv_id>(),
             .doc = "our authserv-id (RFC 8601 2.5); default: the system's host name"},
        },
    }};
    return t;
}

std::string header_value(std::string_view authserv_id, const std::vector<std::string>& results) {
    std::string v(authserv_id);
    if (results.empty()) return v + "; none";
    for (const auto& r : results) v += ";\n\t" + r;
    return v;
}

namespace {

// Past blanks and (nested) comments from `pos`.
size_t skip_cfws(std::string_view s, size_t pos) {
    int depth = 0;
    for (; pos < s.size(); ++pos) {
        char c = s[pos];
        if (c == '(') ++depth;
        else if (c == ')' && depth > 0) --depth;
        else if (depth == 0 && c != ' ' && c != '\t' && c != '\r' && c != '\n') break;
    }
    return pos;
}

}  // namespace

bool claims(std::string_view value, std::string_view authserv_id) {
    size_t start = skip_cfws(value, 0);
    size_t end = value.find_first_of("; \t\r\n(", start);
    std::string_view id = value.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    return !id.empty() && util::lower(id) == util::lower(authserv_id);
}

}  // namespace mp::authres
