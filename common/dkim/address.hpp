// address.hpp: the author address of a From: header field value (RFC 5322
// 3.4), enough to choose a signing key: display names, quoted strings,
// comments and angle brackets are understood; the first mailbox of a list is
// used. Returns "" when no user@domain can be found.
#pragma once
#include <string>
#include <string_view>

namespace mp::dkim {

// "Alice (work) <Alice@Example.COM>" -> "Alice@example.com" (domain lowercased).
std::string author_address(std::string_view from_value);
// The part after the last '@', lowercased, without a trailing dot; "" if none.
std::string domain_of(std::string_view address);

}  // namespace mp::dkim
