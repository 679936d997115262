// section.cpp: the typed accessors of Section (see config.hpp). Options are
// found case-insensitively; asking for an option the spec does not declare,
// or with the wrong accessor for its type, is a programming error: it aborts
// in debug builds and yields the empty value otherwise.
#include <cstdio>
#include <cstdlib>

#include "config/impl.hpp"
#include "util/strings.hpp"

namespace mp::config {

namespace {

const Value kEmpty{};

[[maybe_unused]] void misuse(const Section::Impl& s, std::string_view option, const char* what) {
    std::fprintf(stderr, "config: %s: option '%.*s' of section '%s'\n", what, int(option.size()), option.data(),
                 s.keyword.c_str());
#ifndef NDEBUG
    std::abort();
#endif
}

const Value& lookup(const Section::Impl& s, std::string_view option, std::initializer_list<Type> types) {
    for (size_t i = 0; i < s.spec->options.size(); ++i) {
        const OptionSpec& o = s.spec->options[i];
        if (!util::iequals(o.name, option)) continue;
        bool ok = types.size() == 0;
        for (Type t : types) ok = ok || t == o.type;
        if (!ok) misuse(s, option, "accessor does not match the declared type");
        return ok ? s.values[i] : kEmpty;
    }
    misuse(s, option, "not declared in the spec");
    return kEmpty;
}

}  // namespace

Section::Section(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}

const SectionSpec& Section::spec() const { return *impl_->spec; }
std::string_view Section::keyword() const { return impl_->keyword; }
std::string_view Section::label() const { return impl_->label; }
Location Section::where() const { return impl_->where; }

bool Section::is_set(std::string_view option) const { return lookup(*impl_, option, {}).set; }
bool Section::has(std::string_view option) const { return lookup(*impl_, option, {}).present; }
Location Section::where(std::string_view option) const { return lookup(*impl_, option, {}).where; }

Type Section::type_of(std::string_view option) const {
    for (const auto& o : impl_->spec->options)
        if (util::iequals(o.name, option)) return o.type;
    misuse(*impl_, option, "not declared in the spec");
    return Type::String;
}

std::string Section::str(std::string_view option) const {
    return lookup(*impl_, option, {Type::String, Type::Enum}).s;
}
int64_t Section::num(std::string_view option) const { return lookup(*impl_, option, {Type::Int}).n; }
bool Section::boolean(std::string_view option) const { return lookup(*impl_, option, {Type::Bool}).b; }
std::chrono::seconds Section::time(std::string_view option) const {
    return std::chrono::seconds(lookup(*impl_, option, {Type::Time}).n);
}
uint64_t Section::size(std::string_view option) const { return lookup(*impl_, option, {Type::Size}).size; }
std::string Section::word(std::string_view option) const { return lookup(*impl_, option, {Type::Enum}).s; }
std::vector<std::string> Section::list(std::string_view option) const {
    return lookup(*impl_, option, {Type::StringList, Type::Flags}).list;
}

bool Section::flag(std::string_view option, std::string_view word) const {
    for (const auto& w : lookup(*impl_, option, {Type::Flags}).list)
        if (util::iequals(w, word)) return true;
    return false;
}

const Section* Section::section(std::string_view keyword) const {
    for (const auto& c : impl_->children)
        if (util::iequals(c.keyword(), keyword)) return &c;
    return nullptr;
}

std::vector<const Section*> Section::sections(std::string_view keyword) const {
    std::vector<const Section*> out;
    for (const auto& c : impl_->children)
        if (util::iequals(c.keyword(), keyword)) out.push_back(&c);
    return out;
}

}  // namespace mp::config
