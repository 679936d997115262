// dump.cpp: Config::dump(), the effective configuration in the file's own
// grammar. Every option of every section present in the file is written,
// defaults included, each followed by "# doc". An option with neither a
// value nor a default is written commented out; a section the file does
// not contain is omitted and named in one comment line, so the output
// re-parses to the same effective values (parse(dump(x)).dump() == dump(x)).
#include "config/impl.hpp"

namespace mp::config {

namespace {

struct Dumper {
    std::string out;

    void section(const Section::Impl& s, int depth) {
        std::string pad(size_t(depth) * 4, ' ');
        for (size_t i = 0; i < s.values.size(); ++i) option(s.spec->options[i], s.values[i], pad);
        for (const auto& c : s.children) child(c, depth);
        for (const auto* spec : s.spec->sections) absent(s, *spec, pad);
    }

    void option(const OptionSpec& o, const Value& v, const std::string& pad) {
        std::string name(o.name);
        if (v.present)
            out += pad + name + " = " + format(o, v) + ";";
        else
            out += pad + "# " + name + " is not set (no default);";
        if (!o.doc.empty()) out += "  # " + std::string(o.doc);
        out += "\n";
    }

    void child(const Section& c, int depth) {
        std::string pad(size_t(depth) * 4, ' ');
        out += pad + std::string(c.keyword());
        if (!c.label().empty()) out += " " + word_or_quote(c.label());
        out += " {\n";
        section(c.impl(), depth + 1);
        out += pad + "}\n";
    }

    void absent(const Section::Impl& s, const SectionSpec& spec, const std::string& pad) {
        for (const auto& c : s.children)
            if (&c.spec() == &spec) return;
        out += pad + "# section '" + std::string(spec.name) + "' is not configured";
        if (!spec.doc.empty()) out += ": " + std::string(spec.doc);
        out += "\n";
    }
};

}  // namespace

std::string Config::dump() const {
    Dumper d;
    d.section(root_->impl(), 0);
    return d.out;
}

}  // namespace mp::config
