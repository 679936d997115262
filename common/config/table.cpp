// table.cpp: the parts of config::Table that need no template: where a rule
// or a row is reported, and whether a row's bounds and type fit its member.
#include "config/table.hpp"

#include <algorithm>

#include "config/values.hpp"

namespace mp::config {

Location later(const Section& sec, const std::vector<std::string_view>& options) {
    std::optional<Location> last;
    for (auto name : options) {
        if (!sec.is_set(name)) continue;
        Location at = sec.where(name);
        if (!last || std::pair(at.line, at.column) > std::pair(last->line, last->column)) last = at;
    }
    return last ? *last : sec.where();
}

Location place(const Section& sec, std::string_view option) {
    return sec.is_set(option) ? sec.where(option) : sec.where();
}

std::optional<std::string> out_of_bounds(const OptionSpec& row, int64_t v) {
    if (v >= row.min && v <= row.max) return std::nullopt;
    return "'" + std::string(row.name) + "' must be " + bounds_text(row);
}

std::vector<std::string> row_defects(const OptionSpec& row, const std::vector<Type>& types, int64_t lo, int64_t hi) {
    std::string at = "option '" + std::string(row.name) + "': ";
    if (types.empty()) return {at + "not bound to a member"};
    if (std::find(types.begin(), types.end(), row.type) == types.end())
        return {at + "a row of type " + type_name(row.type) + " cannot be bound to this member"};
    bool numeric = row.type == Type::Int || row.type == Type::Size || row.type == Type::Time;
    if (!numeric) return {};
    int64_t min = row.type == Type::Int ? row.min : std::max<int64_t>(row.min, 0);
    if (min < lo || row.max > hi) return {at + "bounds exceed what the member can hold (set min and max)"};
    return {};
}

}  // namespace mp::config
