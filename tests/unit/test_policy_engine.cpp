// test_policy_engine.cpp: golden files tests/golden/config/engine/<case>.conf:
// each is parsed against the root schema and given to Engine::create(); the
// diagnostics must equal <case>.out. The cases are the errors option tables
// add after parsing (a row's parser, a rule between options), one per module,
// and each line must carry exactly one location. MP_UPDATE_GOLDEN=1 rewrites
// the .out files (see tests/golden/config/engine/README).
#include <doctest/doctest.h>

#include <regex>
#include <sstream>
#include <string>

#include "config/config.hpp"
#include "support/golden.hpp"
#include "policy/engine.hpp"

namespace {

// Each line "file.conf:line:column: message", and no second location inside.
void check_located_once(const std::string& report) {
    static const std::regex located(R"(^[^:]+\.conf:[0-9]+:[0-9]+: )"), again(R"(\.conf:[0-9]+:)");
    std::istringstream lines(report);
    for (std::string line; std::getline(lines, line);) {
        CAPTURE(line);
        CHECK(std::regex_search(line, located));
        CHECK_FALSE(std::regex_search(line.substr(line.find(": ") + 2), again));
    }
}

std::string run_case(const std::filesystem::path& conf) {
    std::string name = conf.filename().string();
    auto cfg = mp::config::parse(testsupport::slurp(conf), name, mp::policy::root_schema());
    if (!cfg) return "parse: " + cfg.error().str();
    auto engine = mp::policy::Engine::create(std::move(*cfg));
    if (engine) return "ok\n";
    check_located_once(engine.error().str());
    return engine.error().str();
}

}  // namespace

TEST_CASE("golden: what Engine reports about a configuration") {
    CHECK(testsupport::check_golden_dir("config/engine", {".conf"}, testsupport::OutName::ReplaceExtension, run_case) >= 8);
}
