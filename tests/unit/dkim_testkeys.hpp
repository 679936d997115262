// dkim_testkeys.hpp: test-only helpers for the test_dkim_* files: a temp
// directory removed at exit, and private keys made by the openssl command
// (independent of mp::dkim's own keygen), mode 0600.
#pragma once
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "support/golden.hpp"

namespace dkimtest {

class TempDir {
public:
    TempDir() {
        char tmpl[] = "/tmp/mp-dkim-unit.XXXXXX";
        path_ = mkdtemp(tmpl) ? tmpl : "";
    }
    ~TempDir() {
        std::error_code ec;
        if (!path_.empty()) std::filesystem::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::string& path() const { return path_; }
    std::string file(const std::string& name) const { return path_ + "/" + name; }

private:
    std::string path_;
};

inline int sh(const std::string& cmd) { return std::system(cmd.c_str()); }

// "rsa" (2048 bits unless `bits`), "rsa-pkcs1" (traditional PEM) or "ed25519".
inline std::string make_key(const TempDir& d, const std::string& name, const std::string& kind, int bits = 2048) {
    std::string out = d.file(name);
    std::string cmd = kind == "ed25519" ? "openssl genpkey -algorithm ED25519 -out " + out
                      : kind == "rsa-pkcs1"
                          ? "openssl genrsa -traditional -out " + out + " " + std::to_string(bits)
                          : "openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:" + std::to_string(bits) + " -out " + out;
    if (sh(cmd + " 2>/dev/null") != 0) return "";
    chmod(out.c_str(), 0600);
    return out;
}

using testsupport::slurp;

inline std::string source_dir() {
    const char* s = std::getenv("MP_SOURCE_DIR");
    return s ? s : ".";
}

}  // namespace dkimtest
