// build.cpp: the validator. Walks the syntax tree against the SectionSpec
// tree, converting each option with convert(), applying defaults, and
// reporting every unknown name, duplicate, label misuse and missing
// required option with its file:line:column.
#include <string>

#include "config/impl.hpp"
#include "util/strings.hpp"

namespace mp::config {

namespace {

std::string where_name(const Section::Impl& s) {
    if (s.keyword.empty()) return "at top level";
    return "in section '" + s.keyword + (s.label.empty() ? "" : " " + s.label) + "'";
}

template <class T, class F>
std::string names(const std::vector<T>& v, F name_of) {
    std::string out;
    for (const auto& x : v) out += (out.empty() ? "" : ", ") + std::string(name_of(x));
    return out;
}

int find_option(const SectionSpec& spec, std::string_view name) {
    for (size_t i = 0; i < spec.options.size(); ++i)
        if (util::iequals(spec.options[i].name, name)) return int(i);
    return -1;
}

const SectionSpec* find_section(const SectionSpec& spec, std::string_view name) {
    for (const auto* s : spec.sections)
        if (util::iequals(s->name, name)) return s;
    return nullptr;
}

class Builder {
public:
    explicit Builder(DiagSink& diag) : d_(diag) {}
    std::shared_ptr<Section::Impl> section(const RawSection& raw, const SectionSpec& spec, Location where);

private:
    void option(Section::Impl& s, const RawOption& o);
    void child(Section::Impl& s, const RawSection& raw);
    bool check_label(const Section::Impl& s, const RawSection& raw, const SectionSpec& spec);
    void finish(Section::Impl& s);
    DiagSink& d_;
};

std::shared_ptr<Section::Impl> Builder::section(const RawSection& raw, const SectionSpec& spec, Location where) {
    auto s = std::make_shared<Section::Impl>();
    s->spec = &spec;
    s->keyword = raw.keyword.empty() ? "" : std::string(spec.name);
    s->label = raw.label;
    s->where = std::move(where);
    s->values.resize(spec.options.size());
    for (const auto& o : raw.options) option(*s, o);
    for (const auto& c : raw.sections) child(*s, c);
    finish(*s);
    return s;
}

void Builder::option(Section::Impl& s, const RawOption& o) {
    const SectionSpec& spec = *s.spec;
    int i = find_option(spec, o.name);
    if (i < 0) {
        std::string msg = "unknown option '" + o.name + "' " + where_name(s);
        if (find_section(spec, o.name))
            msg = "'" + o.name + "' is a section, not an option (write " + o.name + " { ... })";
        else if (spec.options.empty())
            msg += " (this section takes no options)";
        else
            msg += " (expected one of: " + names(spec.options, [](auto& x) { return x.name; }) + ")";
        return d_.error(o.line, o.column, msg);
    }
    Value& v = s.values[size_t(i)];
    if (v.set)
        return d_.error(o.line, o.column, "option '" + std::string(spec.options[i].name) +
                                              "' given twice (first at " + v.where.str() + ")");
    v.set = true;
    v.where = d_.at(o.line, o.column);
    if (auto err = convert(spec.options[size_t(i)], o.value, v)) return d_.error(err->line, err->column, err->message);
    v.present = true;
}

bool Builder::check_label(const Section::Impl& s, const RawSection& raw, const SectionSpec& spec) {
    std::string kw(spec.name);
    if (spec.labelled && !raw.has_label) {
        d_.error(raw.line, raw.column, "section '" + kw + "' needs a label (" + kw + " NAME { ... })");
        return false;
    }
    if (!spec.labelled && raw.has_label) {
        d_.error(raw.label_line, raw.label_column, "section '" + kw + "' takes no label, got '" + raw.label + "'");
        return false;
    }
    for (const auto& c : s.children) {
        if (&c.spec() != &spec) continue;
        if (!spec.repeatable) {
            d_.error(raw.line, raw.column, "section '" + kw + "' given twice (first at " + c.where().str() + ")");
            return false;
        }
        if (spec.labelled && util::iequals(c.label(), raw.label)) {
            d_.error(raw.label_line, raw.label_column,
                     "duplicate section '" + kw + " " + raw.label + "' (first at " + c.where().str() + ")");
            return false;
        }
    }
    return true;
}

void Builder::child(Section::Impl& s, const RawSection& raw) {
    const SectionSpec* spec = find_section(*s.spec, raw.keyword);
    if (!spec) {
        std::string msg = "unknown section '" + raw.keyword + "' " + where_name(s);
        if (find_option(*s.spec, raw.keyword) >= 0)
            msg = "'" + raw.keyword + "' is an option, not a section (write " + raw.keyword + " = value;)";
        else if (s.spec->sections.empty())
            msg += " (no sections are allowed here)";
        else
            msg += " (expected one of: " + names(s.spec->sections, [](auto* x) { return x->name; }) + ")";
        return d_.error(raw.line, raw.column, msg);
    }
    if (!check_label(s, raw, *spec)) return;
    s.children.emplace_back(section(raw, *spec, d_.at(raw.line, raw.column)));
}

// Defaults for what the file left out; required options must be there.
void Builder::finish(Section::Impl& s) {
    for (size_t i = 0; i < s.values.size(); ++i) {
        const OptionSpec& o = s.spec->options[i];
        Value& v = s.values[i];
        if (v.set) continue;
        if (o.required) {
            std::string what = s.keyword.empty() ? "missing required option '"
                                                  : "section '" + s.keyword + (s.label.empty() ? "" : " " + s.label) +
                                                        "' is missing required option '";
            d_.error(s.where.line, s.where.column, what + std::string(o.name) + "'");
        } else if (!o.def.empty()) {
            if (auto err = convert_default(o, v))
                d_.error(s.where.line, s.where.column, "internal error: bad default for '" +
                                                           std::string(o.name) + "': " + *err);
            else
                v.present = true;
        }
    }
}

}  // namespace

std::shared_ptr<const Section::Impl> build_tree(const RawSection& raw, const SectionSpec& spec, DiagSink& diag) {
    return Builder(diag).section(raw, spec, diag.at(1, 1));
}

}  // namespace mp::config
