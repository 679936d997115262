// section.hpp: one module's option section read from config text through the
// real parser, for the option-table tests: parse TEXT against a root holding
// only TABLE, then read the section with config::read (two arguments) or the
// module's own reader (three). Returns the options, or the first error as
// printed (file "t.conf", so "t.conf:LINE:COL: message").
//   auto o = testsupport::read_section(text, table(), options_from);
#pragma once
#include <string>

#include "config/config.hpp"
#include "config/table.hpp"
#include "util/result.hpp"

namespace testsupport {

template <class S, class Reader>
mp::Result<S> read_section(const std::string& text, const mp::config::Table<S>& table, Reader reader) {
    const mp::config::SectionSpec root{.name = "", .doc = "test root", .sections = {&table.spec()}};
    auto cfg = mp::config::parse(text, "t.conf", root);
    if (!cfg) return mp::fail(cfg.error().errors.at(0));
    const auto* sec = cfg->root().section(table.spec().name);
    if (!sec) return mp::fail("no section " + std::string(table.spec().name));
    auto o = reader(*sec);
    if (!o) return mp::fail(o.error().str());
    return std::move(*o);
}

template <class S>
mp::Result<S> read_section(const std::string& text, const mp::config::Table<S>& table) {
    return read_section(text, table, [&](const mp::config::Section& sec) { return mp::config::read(sec, table); });
}

}  // namespace testsupport
