// section.hpp: one module's option section read from config text through the
// real parser, for the option tests of the auth modules (dns, spf, dmarc,
// dkimverify): read_section(text, table) gives the module's struct or the
// first error as printed (file "t.conf", so "t.conf:LINE:COL: message").
#pragma once
#include <string>

#include "config/config.hpp"
#include "config/table.hpp"
#include "util/result.hpp"

namespace testsupport {

template <class S>
mp::Result<S> read_section(const std::string& text, const mp::config::Table<S>& table) {
    namespace config = mp::config;
    static const config::SectionSpec root{.name = "", .doc = "test root", .sections = {&table.spec()}};
    auto cfg = config::parse(text, "t.conf", root);
    if (!cfg) return mp::fail(cfg.error().errors.at(0));
    const config::Section* sec = cfg->root().section(table.spec().name);
    if (!sec) return mp::fail("no " + std::string(table.spec().name) + " section");
    auto o = config::read(*sec, table);
    if (!o) return mp::fail(o.error().str());
    return *o;
}

}  // namespace testsupport
