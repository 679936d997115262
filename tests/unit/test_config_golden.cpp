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
#include <string>

#include "config/config.hpp"
#include "support/golden.hpp"
#include "test_config_spec.hpp"

using namespace mp::config;
namespace fs = std::filesystem;
using testsupport::slurp;

namespace {

std::string run_case(const fs::path& conf) {
    std::string name = conf.filename().string();
    const SectionSpec& spec = name.starts_with("smx_") ? testspec::smx_spec() : testspec::test_spec();
    auto r = parse(testsupport::slurp(conf), name, spec);
    if (!r) return r.error().str();
    std::string dump = r->dump();
    auto again = parse(dump, name, spec);
    if (!again) FAIL_CHECK("dump of " << name << " does not re-parse:\n" << again.error().str());
    else CHECK_MESSAGE(again->dump() == dump, "dump of " << name << " is not a fixed point");
    return dump;
}

}  // namespace

TEST_CASE("golden config files") {
    size_t n = testsupport::check_golden_dir("config", {".conf"}, testsupport::OutName::ReplaceExtension, run_case);
    CHECK(n >= 12);
}
