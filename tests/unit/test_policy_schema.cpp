// test_policy_schema.cpp: the root schema composed of every module's table is
// itself valid (defaults parse, bounds hold), and conf/milterpack.conf, the
// commented example, parses and names every option of every section.
#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

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

// Where each required option of `spec` is written in `text`, the example
// file: the option's line within its section's block (top-level sections at
// column 0, subsections indented). CHECKs that the line says it is required.
void check_required(const std::string& text, const mp::config::SectionSpec& spec, size_t from, int depth) {
    std::string pad(size_t(depth) * 4, ' ');
    for (const auto& o : spec.options) {
        if (!o.required) continue;
        CAPTURE(o.name);
        auto at = text.find("\n" + pad + std::string(o.name) + " = ", from);
        REQUIRE(at != std::string::npos);
        std::string line = text.substr(at + 1, text.find('\n', at + 1) - at - 1);
        CAPTURE(line);
        CHECK(line.find("# required (no default)") != std::string::npos);
    }
    for (const auto* sub : spec.sections) {
        auto at = text.find("\n" + pad + std::string(sub->name) + " ", from);
        CAPTURE(sub->name);
        REQUIRE(at != std::string::npos);
        check_required(text, *sub, at, depth + 1);
    }
}

}  // namespace

TEST_CASE("conf/milterpack.conf marks each required option (its value is an example, not a default)") {
    std::stringstream text;
    text << std::ifstream(source_dir() + "/conf/milterpack.conf").rdbuf();
    check_required("\n" + text.str(), mp::policy::root_schema(), 0, 0);
}

TEST_CASE("the shipped configurations give others no access to the milter socket") {
    for (const char* name : {"rx.conf", "tx.conf"}) {
        CAPTURE(name);
        auto cfg = mp::config::load(source_dir() + "/conf/" + name, mp::policy::root_schema());
        REQUIRE(cfg.has_value());
        const auto* m = cfg->root().section("milter");
        REQUIRE(m != nullptr);
        CHECK((m->num("socket_mode") & 07) == 0);  // docs/security.md: who may connect
    }
}

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
