// tempdir.hpp: a fresh directory under the system temporary directory
// (mkdtemp "mp-test-XXXXXX"), removed with everything in it when the value
// goes away. For unit tests that write files (scan spools, message files).
//   TempDir d;  // d.path: "/tmp/mp-test-Ab12Cd"
#pragma once
#include <stdlib.h>

#include <filesystem>
#include <string>

struct TempDir {
    std::string path;
    TempDir() {
        std::string t = std::filesystem::temp_directory_path().string() + "/mp-test-XXXXXX";
        path = ::mkdtemp(t.data());
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    bool empty() const { return std::filesystem::is_empty(path); }
};
