// test_policy_schema.cpp: the root schema composed of every module's table is
// itself valid (defaults parse, bounds hold), and conf/milterpack.conf, the
// commented example, parses and names every option of every section.
#include <doctest/doctest.h>

#include <cstdlib>
#include <string>

#include "config/config.hpp"
#include "policy/engine.hpp"

namespace {

std::string source_dir() {
    const char* d = std::getenv("MP_SOURCE_DIR");
    REQUIRE(d != nullptr);
    return d;
}

// Every option of `spec` and its subsections is written in `sec`.
void require_all_written(const mp::config::Section& sec, const mp::config::SectionSpec& spec, std::string path) {
    for (const auto& o : spec.options) {
        CAPTURE(path);
        CAPTURE(o.name);
        CHECK((sec.is_set(o.name) || o.def.empty()));
    }
    for (const auto* sub : spec.sections) {
        std::string where = path + "/" + std::string(sub->name);
        CAPTURE(where);
        const auto* s = sec.section(sub->name);
        REQUIRE_MESSAGE(s != nullptr, "section missing from conf/milterpack.conf: ", where);
        require_all_written(*s, *sub, where);
    }
}

}  // namespace

TEST_CASE("the root schema is a valid option table") {
    auto d = mp::config::validate_spec(mp::policy::root_schema());
    for (const auto& e : d.errors) MESSAGE(e);
    CHECK(d.errors.empty());
}

TEST_CASE("conf/milterpack.conf parses and shows every option") {
    auto cfg = mp::config::load(source_dir() + "/conf/milterpack.conf", mp::policy::root_schema());
    if (!cfg)
        for (const auto& e : cfg.error().errors) MESSAGE(e);
    REQUIRE(cfg.has_value());
    require_all_written(cfg->root(), mp::policy::root_schema(), "");
}

TEST_CASE("the man page names every section") {
    std::string man = mp::config::man_page(mp::policy::root_schema(), "milterpack");
    for (const auto* s : mp::policy::root_schema().sections) {
        CAPTURE(s->name);
        CHECK(man.find(std::string(s->name)) != std::string::npos);
    }
}
