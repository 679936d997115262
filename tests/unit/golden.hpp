// golden.hpp: the golden-file loop shared by unit tests. Each <case><ext>
// under a directory of tests/golden/ goes through run(); the text it returns
// must equal <case>.out. With MP_UPDATE_GOLDEN=1 the .out files are written
// instead (then READ the diff: an .out is the expected answer).
#pragma once
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace mp::golden {

inline std::string slurp(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// tests/golden/<sub> of the source tree (MP_SOURCE_DIR).
inline std::filesystem::path dir(const std::string& sub) {
    const char* src = std::getenv("MP_SOURCE_DIR");
    REQUIRE_MESSAGE(src, "MP_SOURCE_DIR must point at the repository");
    return std::filesystem::path(src) / "tests/golden" / sub;
}

// Runs every case in file-name order; returns how many there were.
template <class Run>
size_t check(const std::filesystem::path& where, const std::string& ext, Run run) {
    namespace fs = std::filesystem;
    bool update = std::getenv("MP_UPDATE_GOLDEN") && std::string(std::getenv("MP_UPDATE_GOLDEN")) == "1";
    std::vector<fs::path> cases;
    for (const auto& e : fs::directory_iterator(where))
        if (e.path().extension() == ext) cases.push_back(e.path());
    std::sort(cases.begin(), cases.end());
    for (const auto& c : cases) {
        CAPTURE(c.string());
        std::string got = run(c);
        fs::path out = fs::path(c).replace_extension(".out");
        if (update) {
            std::ofstream(out, std::ios::binary) << got;
            continue;
        }
        REQUIRE_MESSAGE(fs::exists(out), "missing " << out.string() << " (run with MP_UPDATE_GOLDEN=1)");
        CHECK(got == slurp(out));
    }
    return cases.size();
}

}  // namespace mp::golden
