// golden.hpp: the file helpers every unit test shares: slurp() a file whole,
// find the golden files of a component under tests/golden/, compare a result
// with its golden file, and the loop over a component's golden files. Used by the parser tests (config, maps, access,
// dkim tables, greylist options) and by any test that reads a file back.
// Guarantees: golden inputs come sorted by name, so failures list in a stable
// order; a missing golden file fails the case with its name; with
// MP_UPDATE_GOLDEN=1 in the environment check_golden() rewrites the golden file
// instead of comparing (review the diff before committing it).
#pragma once
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace testsupport {

namespace fs = std::filesystem;

// The whole content of a file, bytes as they are; "" when it cannot be read.
inline std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// The source tree (MP_SOURCE_DIR, which ctest sets for every unit test).
inline fs::path source_dir() {
    const char* src = std::getenv("MP_SOURCE_DIR");
    REQUIRE_MESSAGE(src, "MP_SOURCE_DIR must point at the source tree (ctest sets it)");
    return fs::path(src);
}

// tests/golden/<component> in the source tree.
inline fs::path golden_dir(std::string_view component) { return source_dir() / "tests/golden" / component; }

// The files in dir whose extension is one of exts (".map"), sorted by name.
inline std::vector<fs::path> golden_inputs(const fs::path& dir, std::initializer_list<std::string_view> exts) {
    std::vector<fs::path> out;
    for (const auto& e : fs::directory_iterator(dir))
        if (std::find(exts.begin(), exts.end(), e.path().extension().string()) != exts.end()) out.push_back(e.path());
    std::sort(out.begin(), out.end());
    return out;
}

// MP_UPDATE_GOLDEN=1: rewrite golden files instead of comparing with them.
inline bool update_golden() {
    const char* u = std::getenv("MP_UPDATE_GOLDEN");
    return u && std::string_view(u) == "1";
}

// got must equal the content of the golden file want (or, when updating, becomes it).
inline void check_golden(const fs::path& want, const std::string& got) {
    if (update_golden()) {
        std::ofstream(want, std::ios::binary) << got;
        return;
    }
    REQUIRE_MESSAGE(fs::exists(want), "missing " << want.string() << " (run with MP_UPDATE_GOLDEN=1)");
    CHECK(got == slurp(want));
}

// How a golden input names its expected output: "a.map" -> "a.out"
// (ReplaceExtension) or "a.keytable" -> "a.keytable.out" (AppendOut).
enum class OutName { ReplaceExtension, AppendOut };

// The golden-file loop: every input of tests/golden/<component> whose extension
// is one of exts, in name order, rendered by render(path) -> std::string and
// checked with check_golden() against its output file. Returns the number of
// inputs, for the caller to check that the directory was not empty.
template <class Render>
size_t check_golden_dir(std::string_view component, std::initializer_list<std::string_view> exts, OutName out,
                        Render render) {
    auto inputs = golden_inputs(golden_dir(component), exts);
    for (const auto& in : inputs) {
        CAPTURE(in.filename().string());
        fs::path want =
            out == OutName::AppendOut ? fs::path(in.string() + ".out") : fs::path(in).replace_extension(".out");
        check_golden(want, render(in));
    }
    return inputs.size();
}

}  // namespace testsupport
