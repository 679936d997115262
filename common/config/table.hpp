// table.hpp: one option table per section, each row bound to a member of the
// module's Options struct. The table is the only description of a section:
// it yields the SectionSpec that drives parsing, validation, check-config,
// dump-config and the man page, and read() fills an S from a parsed section.
//
//   const config::Table<LmdbOptions>& lmdb_table() {
//       using O = LmdbOptions;
//       static const config::Table<O> t{{
//           .name = "lmdb",
//           .doc = "embedded greylisting store",
//           .rows = {
//               {.name = "map_size", .type = Type::Size, .def = "64MB", .min = 1 << 20, .max = 1ll << 40,
//                .to = config::to<&O::map_size>(), .doc = "initial size of the memory map"},
//               {.name = "sync", .type = Type::Enum, .def = "full",
//                .to = config::one_of<&O::sync>({{"full", O::Sync::Full}, {"none", O::Sync::None}}),
//                .doc = "fsync at each decision"},
//           },
//           .rules = {{.options = {"map_size", "max_map_size"},
//                      .message = "max_map_size must be at least map_size",
//                      .holds = [](const O& o) { return o.max_map_size >= o.map_size; }}},
//       }};
//       return t;
//   }
//
// Rows: name, type, default (config text), bounds, binding, doc, as in
// schema.hpp; Enum/Flags choices come from the binding, and a row without
// `.to` does not compile. Subsections bind to a member holding their own
// table's struct (sections = {config::sub<&O::lmdb>(lmdb_table())}); a
// labelled section binds its label (label = &O::label). Rules are the
// cross-option checks a row cannot express; a broken rule is reported at the
// later of its options in the file (the section when none is written). A
// table whose rows do not fit their members records defects in its spec,
// which validate_spec() reports (each module's test).
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/bind.hpp"
#include "config/config.hpp"
#include "config/schema.hpp"
#include "util/result.hpp"

namespace mp::config {

template <class S>
struct Row {
    std::string_view name{};
    Type type = Type::String;
    std::string_view def{};
    int64_t min = std::numeric_limits<int64_t>::min();
    int64_t max = std::numeric_limits<int64_t>::max();
    Bind<S> to;  // no default: a row without a binding does not compile (-Wmissing-field-initializers)
    std::string_view doc{};
    bool required = false;
};

template <class S>
struct Rule {
    std::vector<std::string_view> options{};  // the rows involved
    std::string_view message{};
    bool (*holds)(const S&) = nullptr;
};

template <class S>
struct Sub {
    const SectionSpec* spec = nullptr;
    std::function<Result<void, Diagnostic>(const Section&, S&)> read{};
    std::function<Result<void>(const S&)> check{};
};

template <class S>
struct TableDef {
    std::string_view name{};
    std::string_view doc{};
    std::vector<Row<S>> rows{};
    std::vector<Sub<S>> sections{};
    std::vector<Rule<S>> rules{};
    std::string S::*label = nullptr;  // set: the section takes a label, stored here
    bool repeatable = false;
};

// The later of `options` written in `sec`, or where `sec` starts.
Location later(const Section& sec, const std::vector<std::string_view>& options);
// Where an option's value came from: its line, or the section for a default.
Location place(const Section& sec, std::string_view option);
// "'name' must be between 1 and 10" when v is outside the row's bounds.
std::optional<std::string> out_of_bounds(const OptionSpec& row, int64_t v);
// Defects of one bound row (empty when it fits its member).
std::vector<std::string> row_defects(const OptionSpec& row, const std::vector<Type>& types, int64_t lo, int64_t hi);

template <class S>
class Table {
public:
    explicit Table(TableDef<S> def) : def_(std::move(def)) {
        spec_.name = def_.name;
        spec_.doc = def_.doc;
        spec_.labelled = def_.label != nullptr;
        spec_.repeatable = def_.repeatable;
        for (const auto& r : def_.rows) add_row(r);
        for (const auto& s : def_.sections) spec_.sections.push_back(s.spec);
        for (const auto& rule : def_.rules) check_rule(rule);
    }
    Table(const Table&) = delete;
    Table& operator=(const Table&) = delete;

    const SectionSpec& spec() const { return spec_; }

    // Fill `out` from a section parsed against spec(); options neither written
    // nor defaulted leave their member as it was.
    Result<void, Diagnostic> read(const Section& sec, S& out) const {
        if (&sec.spec() != &spec_)
            return Unexpected<Diagnostic>{{sec.where(), "internal error: section read with another table"}};
        for (const auto& r : def_.rows) {
            if (!sec.has(r.name) || !r.to.write) continue;
            if (auto err = r.to.write(sec, r.name, out)) return Unexpected<Diagnostic>{{place(sec, r.name), *err}};
        }
        if (def_.label) out.*def_.label = std::string(sec.label());
        for (const auto& sub : def_.sections)
            if (const Section* child = sec.section(sub.spec->name))
                if (auto r = sub.read(*child, out); !r) return r;
        for (const auto& rule : def_.rules)
            if (!rule.holds(out)) return Unexpected<Diagnostic>{{later(sec, rule.options), std::string(rule.message)}};
        return {};
    }

    // A struct built in code against the rows' bounds and the rules (this
    // table's and its subsections'), as "section: message".
    Result<void> check(const S& o) const {
        for (size_t i = 0; i < def_.rows.size(); ++i) {
            if (!def_.rows[i].to.number) continue;
            if (auto err = out_of_bounds(spec_.options[i], def_.rows[i].to.number(o)))
                return fail(std::string(def_.name) + ": " + *err);
        }
        for (const auto& rule : def_.rules)
            if (!rule.holds(o)) return fail(std::string(def_.name) + ": " + std::string(rule.message));
        for (const auto& sub : def_.sections)
            if (auto r = sub.check(o); !r) return r;
        return {};
    }

private:
    void add_row(const Row<S>& r) {
        OptionSpec o{.name = r.name, .type = r.type, .def = r.def, .min = r.min, .max = r.max,
                     .choices = r.to.words, .doc = r.doc, .required = r.required};
        for (auto& d : row_defects(o, r.to.types, r.to.lo, r.to.hi)) spec_.defects.push_back(std::move(d));
        spec_.options.push_back(std::move(o));
    }

    void check_rule(const Rule<S>& rule) {
        if (!rule.holds) spec_.defects.push_back("a rule without a predicate: " + std::string(rule.message));
        for (auto name : rule.options) {
            bool known = false;
            for (const auto& r : def_.rows) known = known || r.name == name;
            if (!known) spec_.defects.push_back("rule names unknown option '" + std::string(name) + "'");
        }
    }

    TableDef<S> def_;
    SectionSpec spec_;
};

// A subsection whose table fills the member `Ms...` of S.
template <auto... Ms>
Sub<bind_detail::Root<Ms...>> sub(const Table<bind_detail::Member<Ms...>>& table) {
    using S = bind_detail::Root<Ms...>;
    Sub<S> s;
    s.spec = &table.spec();
    s.read = [&table](const Section& sec, S& o) { return table.read(sec, bind_detail::at<Ms...>(o)); };
    s.check = [&table](const S& o) { return table.check(bind_detail::at<Ms...>(o)); };
    return s;
}

// A parsed section into a fresh S (struct defaults, then the section).
template <class S>
Result<S, Diagnostic> read(const Section& sec, const Table<S>& table) {
    S out{};
    if (auto r = table.read(sec, out); !r) return Unexpected<Diagnostic>{r.error()};
    return out;
}

}  // namespace mp::config
