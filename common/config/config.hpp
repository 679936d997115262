// config.hpp: a parsed and validated configuration. load() reads one file in
// the sendmail X grammar (sendmail X README 3.2), checks it against a SectionSpec tree
// and returns either a Config or every diagnostic found ("file:line:column:
// what was expected"). Accessors return typed values with defaults applied;
// asking for an option the section's spec does not declare is a programming
// error (it aborts in debug builds, returns the empty value otherwise).
#pragma once
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/schema.hpp"
#include "util/result.hpp"

namespace mp::config {

struct Location {
    std::string file;
    int line = 0;
    int column = 0;
    std::string str() const;  // "file:line:column"
};

// One error and where it is. Messages never carry a location themselves:
// str() is the only place that writes "file:line:column: message", and only
// the outermost printer (a Diagnostics list, the CLI, the daemon) calls it.
struct Diagnostic {
    Location where;
    std::string message;
    std::string str() const;  // "file:line:column: message"
};

struct Diagnostics {
    std::vector<std::string> errors;  // each "file:line:column: message"
    void add(const Diagnostic& d) { errors.push_back(d.str()); }
    std::string str() const;          // one error per line, each ending in '\n'
};

class Section {
public:
    const SectionSpec& spec() const;
    std::string_view keyword() const;
    std::string_view label() const;  // "" when the section has none
    Location where() const;          // where the section starts
    bool is_set(std::string_view option) const;  // written in the file (not a default)
    bool has(std::string_view option) const;     // set in the file or has a default
    Location where(std::string_view option) const;
    Type type_of(std::string_view option) const;  // the declared type

    std::string str(std::string_view option) const;
    int64_t num(std::string_view option) const;
    bool boolean(std::string_view option) const;
    std::chrono::seconds time(std::string_view option) const;
    uint64_t size(std::string_view option) const;
    std::string word(std::string_view option) const;  // Enum, lowercased
    std::vector<std::string> list(std::string_view option) const;  // StringList, Flags (lowercased)
    bool flag(std::string_view option, std::string_view word) const;  // Flags contains word

    // First subsection with that keyword, or nullptr when the file has none.
    const Section* section(std::string_view keyword) const;
    std::vector<const Section*> sections(std::string_view keyword) const;

    struct Impl;  // config/impl.hpp: internal to mp_config
    explicit Section(std::shared_ptr<const Impl> impl);
    const Impl& impl() const { return *impl_; }

private:
    std::shared_ptr<const Impl> impl_;
};

class Config {
public:
    const Section& root() const { return *root_; }
    const std::string& file() const { return file_; }
    // The effective configuration in the same grammar, defaults included,
    // each option followed by its doc line as a comment.
    std::string dump() const;

    Config(std::string file, std::unique_ptr<Section> root);

private:
    std::string file_;
    std::shared_ptr<Section> root_;
};

// Parse `path` against `root` (the root spec's options are the top-level ones).
Result<Config, Diagnostics> load(const std::string& path, const SectionSpec& root);
// Same, from text already in memory (tests, golden files); `name` is used in locations.
Result<Config, Diagnostics> parse(std::string_view text, const std::string& name, const SectionSpec& root);

// Parse a single value the way the file would (used for defaults and the CLI).
std::optional<int64_t> parse_time(std::string_view text);  // seconds
std::optional<uint64_t> parse_size(std::string_view text);  // bytes
std::optional<int64_t> parse_int(std::string_view text);
std::optional<bool> parse_bool(std::string_view text);

// Check a spec tree: names, choices, bounds, and every default parsed by the
// same value parser (a bad default is a programming error; each module's unit
// test should REQUIRE(validate_spec(schema()).errors.empty())).
Diagnostics validate_spec(const SectionSpec& root);

// milterpack.conf(5): roff man page listing every section and option with its
// type, default, bounds, choices and doc line (manpage.cpp).
std::string man_page(const SectionSpec& root, std::string_view program);

inline constexpr size_t kMaxFileSize = 16u << 20;  // load()/parse() refuse larger input

}  // namespace mp::config
