// keygen.cpp: see keygen.hpp.
#include "dkim/keygen.hpp"

#include <fcntl.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstring>

#include "dkim/key.hpp"
#include "util/raii.hpp"
#include "util/strings.hpp"

namespace mp::dkim {
namespace {

using PkeyCtx = util::Handle<EVP_PKEY_CTX, EVP_PKEY_CTX_free>;
constexpr size_t kMaxTxtString = 255;

bool dns_name_ok(std::string_view s) {
    if (s.empty() || s.size() > 253 || s.front() == '.' || s.back() == '.' || s.find("..") != std::string_view::npos)
        return false;
    for (char c : s)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '_')) return false;
    return true;
}

Result<Pkey> generate(Algorithm alg, int bits) {
    PkeyCtx ctx(EVP_PKEY_CTX_new_id(alg == Algorithm::RsaSha256 ? EVP_PKEY_RSA : EVP_PKEY_ED25519, nullptr));
    if (!ctx || EVP_PKEY_keygen_init(ctx.get()) != 1) return fail("key generation setup failed");
    if (alg == Algorithm::RsaSha256 && EVP_PKEY_CTX_set_rsa_keygen_bits(ctx.get(), bits) != 1)
        return fail("cannot set RSA key size");
    EVP_PKEY* raw = nullptr;
    if (EVP_PKEY_keygen(ctx.get(), &raw) != 1) return fail("key generation failed");
    return Pkey(raw);
}

Result<void> write_new(const std::string& path, std::string_view data, mode_t mode) {
    util::Fd fd(open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode));
    if (!fd) return fail(path + ": " + std::strerror(errno));
    if (fchmod(fd.get(), mode) != 0) return fail(path + ": fchmod: " + std::strerror(errno));
    while (!data.empty()) {
        ssize_t n = write(fd.get(), data.data(), data.size());
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return fail(path + ": write: " + std::strerror(errno));
        data.remove_prefix(static_cast<size_t>(n));
    }
    if (fsync(fd.get()) != 0) return fail(path + ": fsync: " + std::strerror(errno));
    return {};
}

}  // namespace

std::string zone_record(std::string_view dns_name, std::string_view txt) {
    std::string out = std::string(dns_name) + " IN TXT (";
    while (!txt.empty()) {
        size_t n = std::min(txt.size(), kMaxTxtString);
        out += (out.back() == '(' ? " \"" : "\n\t\"") + std::string(txt.substr(0, n)) + "\"";
        txt.remove_prefix(n);
    }
    return out + " )";
}

Result<KeygenResult> keygen(std::string_view domain, std::string_view selector, Algorithm alg, int bits,
                            const std::string& out_dir) {
    if (!dns_name_ok(domain)) return fail("'" + std::string(domain) + "' is not a domain name");
    if (!dns_name_ok(selector)) return fail("'" + std::string(selector) + "' is not a selector");
    if (alg == Algorithm::RsaSha256 && (bits < 1024 || bits > 8192))
        return fail("RSA key size must be 1024..8192 bits, not " + std::to_string(bits));
    // A missing key directory is created for the key alone (0700); its parent must exist.
    if (::mkdir(out_dir.c_str(), 0700) != 0 && errno != EEXIST)
        return fail("cannot create " + out_dir + ": " + std::strerror(errno));
    auto pkey = generate(alg, bits);
    if (!pkey) return fail(pkey.error().message);
    int nbits = EVP_PKEY_get_bits(pkey->get());
    PrivateKey key(std::move(*pkey), alg, nbits);
    auto pem = key.private_pem();
    auto txt = key.txt_record();
    if (!pem || !txt) return fail(!pem ? pem.error().message : txt.error().message);
    KeygenResult r;
    r.key_path = out_dir + "/" + std::string(selector) + ".private";
    r.txt_path = out_dir + "/" + std::string(selector) + ".txt";
    r.dns_name = std::string(selector) + "._domainkey." + util::lower(domain) + ".";
    r.txt_value = *txt;
    r.zone_record = zone_record(r.dns_name, r.txt_value);
    auto written = write_new(r.key_path, *pem, 0600);
    OPENSSL_cleanse(pem->data(), pem->size());
    if (!written) return fail(written.error().message);
    if (auto w = write_new(r.txt_path, r.zone_record + "\n", 0644); !w) return fail(w.error().message);
    return r;
}

}  // namespace mp::dkim
