// strings.hpp: the small string helpers every parser here needs. ASCII only:
// SMTP keywords, map keys and config words are ASCII; other bytes pass through.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace mp::util {

std::string lower(std::string_view s);
bool iequals(std::string_view a, std::string_view b);
bool istarts_with(std::string_view s, std::string_view prefix);
std::string_view trim(std::string_view s);
// Split on any run of blanks (space, tab); no empty fields.
std::vector<std::string_view> split_blanks(std::string_view s);
// The value of one hex digit (either case), -1 for any other byte.
int hex_digit(char c);
// Strip one pair of enclosing angle brackets: "<a@b>" -> "a@b".
std::string_view strip_angles(std::string_view s);
// strerror(errno), and "what: strerror(errno)"; errno is read first.
std::string errno_text();
std::string errno_text(std::string_view what);

}  // namespace mp::util
