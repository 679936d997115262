// test_config_golden.cpp: golden files. Each tests/golden/config/<case>.conf
// is parsed against a fixed spec (smx_*.conf: the sendmail X README's smx.conf sections;
// every other file: the milterpack-shaped test spec) and the result is
// compared with <case>.out: the dump-config output for a good file, the
// diagnostics (one per line) for a bad one. Good files must also re-parse
// from their dump to the same dump. MP_UPDATE_GOLDEN=1 rewrites the .out
// files (see tests/golden/config/README).
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "config/config.hpp"
#include "test_config_spec.hpp"

using namespace mp::config;
namespace fs = std::filesystem;

namespace {

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::string run_case(const fs::path& conf) {
    std::string name = conf.filename().string();
    const SectionSpec& spec = name.starts_with("smx_") ? testspec::smx_spec() : testspec::test_spec();
    auto r = parse(slurp(conf), name, spec);
    if (!r) return r.error().str();
    std::string dump = r->dump();
    auto again = parse(dump, name, spec);
    if (!again) FAIL_CHECK("dump of " << name << " does not re-parse:\n" << again.error().str());
    else CHECK_MESSAGE(again->dump() == dump, "dump of " << name << " is not a fixed point");
    return dump;
}

}  // namespace

TEST_CASE("golden config files") {
    const char* src = std::getenv("MP_SOURCE_DIR");
    REQUIRE_MESSAGE(src, "MP_SOURCE_DIR must point at the repository");
    fs::path dir = fs::path(src) / "tests/golden/config";
    bool update = std::getenv("MP_UPDATE_GOLDEN") && std::string(std::getenv("MP_UPDATE_GOLDEN")) == "1";
    std::vector<fs::path> cases;
    for (const auto& e : fs::directory_iterator(dir))
        if (e.path().extension() == ".conf") cases.push_back(e.path());
    std::sort(cases.begin(), cases.end());
    CHECK(cases.size() >= 12);
    for (const auto& conf : cases) {
        CAPTURE(conf.string());
        std::string got = run_case(conf);
        fs::path out = fs::path(conf).replace_extension(".out");
        if (update) {
            std::ofstream(out, std::ios::binary) << got;
            continue;
        }
        REQUIRE_MESSAGE(fs::exists(out), "missing " << out.string() << " (run with MP_UPDATE_GOLDEN=1)");
        CHECK(got == slurp(out));
    }
}
