// textmap.hpp: a map file held in memory, the sendmail X text map format
// (sendmail X README 3.9.3): one entry per line, `LHS blanks RHS`, full-line `#`
// comments, blank lines ignored. No continuation lines, and `#` inside a line
// is part of the RHS (error texts may contain it).
//
// Keys are case-insensitive: the LHS is lowercased entirely (for address keys
// that includes the local part) unless the caller's KeyFn normalizes it its own
// way (the access map canonicalizes IP networks and certificate DNs). The RHS
// is kept verbatim, trimmed. Probes are O(1) (unordered_map, heterogeneous
// lookup, no allocation per probe).
//
// Errors, all collected, each "file:line:column: message": an LHS without RHS,
// a line over 64 KiB, a NUL byte, a key the KeyFn refuses, and duplicate keys
// (as makemap without -d: both locations are named; the map is not loaded).
// The file is bounded (256 MiB, 16 Mi entries by default, see Limits).
//
// Tagged keys ("cltaddr:10.0.0.0/8") that hold a CIDR network are indexed by
// tag so that ip_keys() probes only the prefix lengths present.
#pragma once
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "maps/lines.hpp"
#include "maps/lookup_order.hpp"
#include "util/result.hpp"

namespace mp::maps {

struct Entry {
    std::string key;  // stored form (KeyFn result)
    std::string lhs;  // as written
    std::string rhs;  // verbatim, trimmed
    int line = 0;
    int lhs_column = 0;
    int rhs_column = 0;
};

// The key's problem and its offset within the LHS (0-based) for the column.
struct KeyError {
    size_t offset = 0;
    std::string message;
};
// Turns an LHS into the stored key. Default: lowercase.
using KeyFn = std::function<Result<std::string, KeyError>(std::string_view lhs)>;

class TextMap {
public:
    static Result<TextMap, Errors> parse(std::string_view text, const std::string& name, const KeyFn& key = {},
                                         const Limits& limits = {});
    static Result<TextMap, Errors> load(const std::string& path, const KeyFn& key = {}, const Limits& limits = {});
    // The good lines as a map, every bad line's error added to `errors`: for
    // callers that validate the RHS too and report both in one list.
    static TextMap parse_partial(std::string_view text, const std::string& name, const KeyFn& key,
                                 const Limits& limits, Errors& errors);

    // `key` must already be in stored form (lowercased / normalized).
    const Entry* find(std::string_view key) const;
    // First of `keys` present, each prefixed with `prefix` (e.g. "to:").
    const Entry* find_first(std::string_view prefix, const std::vector<std::string>& keys) const;
    // CIDR prefix lengths present under `tag` ("" for untagged keys); nullptr when none.
    const PrefixSet* nets(std::string_view tag) const;

    const std::vector<Entry>& entries() const { return entries_; }
    size_t index_of(const Entry* e) const { return size_t(e - entries_.data()); }
    const std::string& name() const { return name_; }
    size_t size() const { return entries_.size(); }

private:
    struct Hash {
        using is_transparent = void;
        size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
    };
    using Index = std::unordered_map<std::string, size_t, Hash, std::equal_to<>>;

    void add_line(int line, std::string_view content, int column, const KeyFn& key, Errors& errors);
    void index_net(const std::string& key);

    std::string name_;
    std::vector<Entry> entries_;
    Index index_;
    std::unordered_map<std::string, PrefixSet, Hash, std::equal_to<>> nets_;
    size_t max_entries_ = 0;
};

}  // namespace mp::maps
