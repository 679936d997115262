// authres.hpp: the Authentication-Results header (RFC 8601) milterpack adds at
// end of data, and the test that finds incoming copies claiming to be ours.
//
//   authentication_results { authserv_id = "mx.example.org"; }
//
// The section turns the header on. Its value is one line per method result,
// in the order given (spf, then each dkim signature, then dmarc):
//   mx.example.org;
//   	spf=pass smtp.mailfrom=a@example.org;
//   	dkim=pass header.d=example.org header.s=sel header.b=AbCdEfGh
// or "mx.example.org; none" without results. A header that arrives with the
// message and carries our authserv-id is forged or stale (RFC 8601 5) and is
// deleted; ones of other hosts stay.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "config/table.hpp"

namespace mp::authres {

struct Options {
    std::string authserv_id;  // "" until Engine fills in the host name
};

const config::Table<Options>& table();

// The header value (continuation lines "\n\t", as libmilter takes them).
std::string header_value(std::string_view authserv_id, const std::vector<std::string>& results);

// True when an Authentication-Results value's authserv-id (after leading
// blanks and comments, up to ';' or blank) equals `authserv_id`, ignoring case.
bool claims(std::string_view value, std::string_view authserv_id);

}  // namespace mp::authres
