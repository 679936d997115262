// options.cpp: options_from(), the `dkim` section into Options through the
// table of schema.cpp. The parsers here are the checks a row's type cannot
// express (canonicalization words, network syntax).
#include "dkim/options.hpp"

namespace mp::dkim {

Result<CanonPair> canon_from(std::string_view text) {
    auto c = parse_canon(text);
    if (!c) return fail("expected simple or relaxed, or header/body like relaxed/simple");
    return *c;
}

Result<util::Network> network_from(std::string_view text) {
    auto n = util::Network::parse(text);
    if (!n) return fail("'" + std::string(text) + "' is not an address or address/prefix");
    return *n;
}

Result<Options, config::Diagnostic> options_from(const config::Section& s) { return config::read(s, table()); }

}  // namespace mp::dkim
