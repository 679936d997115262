// aliasmap.hpp: the aliases file of the sendmail X README (3.9.3 "Aliases"), used here by
// protected recipients (`list:<alias>` restrictions). One alias per line:
//     name: <user1@my.dom> <user2@my.dom>
//     myalias: localuser
// The name ends with ':'; it is case-insensitive (stored lowercased) and may be
// a local part or a full address ("myalias@first.dom:"). The RHS is one or more
// RFC 2821 addresses in angle brackets separated by blanks (not commas), or a
// single bare local user without '@' (which the MTA qualifies; kept as written).
// Members are stored lowercased without their brackets. Duplicate names are
// errors, as in TextMap. Members are not expanded recursively (the README says
// the list: restriction does not recurse).
#pragma once
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "maps/lines.hpp"
#include "util/result.hpp"

namespace mp::maps {

struct Alias {
    std::string name;  // as written, without the ':'
    std::vector<std::string> members;  // lowercased, without angle brackets
    int line = 0;
};

class AliasMap {
public:
    static Result<AliasMap, Errors> parse(std::string_view text, const std::string& name, const Limits& limits = {});
    static Result<AliasMap, Errors> load(const std::string& path, const Limits& limits = {});

    // Exact, case-insensitive name lookup.
    const Alias* find(std::string_view name) const;
    // An alias named by an address ("<list1@local.dom>"): the full address first,
    // then its local part (aliases keyed by local part serve every local domain).
    const Alias* find_address(std::string_view address) const;
    size_t size() const { return aliases_.size(); }
    const std::string& name() const { return name_; }

private:
    void add_line(int line, std::string_view content, int column, Errors& errors);

    std::string name_;
    std::vector<Alias> aliases_;
    std::unordered_map<std::string, size_t> index_;
    size_t max_entries_ = 0;
};

}  // namespace mp::maps
