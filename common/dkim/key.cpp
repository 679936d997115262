// key.cpp: see key.hpp.
#include "dkim/key.hpp"

#include <grp.h>
#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <vector>

#include "dkim/base64.hpp"

namespace mp::dkim {
namespace {

using Bio = util::Handle<BIO, BIO_free>;
using MdCtx = util::Handle<EVP_MD_CTX, EVP_MD_CTX_free>;
constexpr size_t kMaxKeyFile = 64 * 1024;
constexpr int kMinRsaBits = 1024;  // RFC 8301 3.2

Pkey from_pem(std::string_view text) {
    Bio bio(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
    if (!bio) return nullptr;
    return Pkey(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
}

Pkey from_base64(std::string_view text) {
    auto der = base64_decode(text);
    if (!der) return nullptr;
    auto p = reinterpret_cast<const unsigned char*>(der->data());
    if (der->size() == 32)  // raw Ed25519 seed
        return Pkey(EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, p, 32));
    return Pkey(d2i_AutoPrivateKey(nullptr, &p, static_cast<long>(der->size())));
}

bool in_my_groups(gid_t g) {
    if (g == getegid()) return true;
    int n = getgroups(0, nullptr);
    if (n <= 0) return false;
    std::vector<gid_t> gs(static_cast<size_t>(n));
    n = getgroups(n, gs.data());
    for (int i = 0; i < n; ++i)
        if (gs[static_cast<size_t>(i)] == g) return true;
    return false;
}

Result<std::string> read_small_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return fail(path + ": cannot open key file: " + std::strerror(errno));
    std::string text(kMaxKeyFile + 1, '\0');
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    text.resize(static_cast<size_t>(in.gcount()));
    if (text.size() > kMaxKeyFile) return fail(path + ": key file larger than 64 KB");
    return text;
}

}  // namespace

Result<void> check_key_mode(const std::string& path, bool allow_insecure) {
    struct stat st {};
    if (stat(path.c_str(), &st) != 0) return fail(path + ": cannot stat key file: " + std::strerror(errno));
    if (!S_ISREG(st.st_mode)) return fail(path + ": key file is not a regular file");
    if (allow_insecure) return {};
    if (st.st_mode & (S_IROTH | S_IWOTH))
        return fail(path + ": key file is accessible by others (chmod 600, or allow_insecure_key_files = yes)");
    if ((st.st_mode & (S_IRGRP | S_IWGRP)) && !in_my_groups(st.st_gid))
        return fail(path + ": key file is accessible by a group this process is not in (chmod 600, "
                           "or allow_insecure_key_files = yes)");
    return {};
}

Result<std::shared_ptr<const PrivateKey>> PrivateKey::parse(std::string_view text, std::string_view origin) {
    Pkey key = text.find("-----BEGIN") != std::string_view::npos ? from_pem(text) : from_base64(text);
    std::string where(origin);
    if (!key) return fail(where + ": not a private key (PEM, base64 DER or base64 Ed25519 seed)");
    int id = EVP_PKEY_get_base_id(key.get());
    int bits = EVP_PKEY_get_bits(key.get());
    if (id == EVP_PKEY_ED25519) return std::make_shared<const PrivateKey>(std::move(key), Algorithm::Ed25519Sha256, bits);
    if (id != EVP_PKEY_RSA) return fail(where + ": key is neither RSA nor Ed25519");
    if (bits < kMinRsaBits) return fail(where + ": RSA key of " + std::to_string(bits) + " bits, at least 1024 needed");
    return std::make_shared<const PrivateKey>(std::move(key), Algorithm::RsaSha256, bits);
}

Result<std::shared_ptr<const PrivateKey>> PrivateKey::load(const std::string& path, bool allow_insecure) {
    if (auto ok = check_key_mode(path, allow_insecure); !ok) return fail(ok.error().message);
    auto text = read_small_file(path);
    if (!text) return fail(text.error().message);
    auto key = parse(*text, path);
    OPENSSL_cleanse(text->data(), text->size());  // no stray copy of the key material
    return key;
}

PrivateKey::PrivateKey(Pkey key, Algorithm alg, int bits) : key_(std::move(key)), alg_(alg), bits_(bits) {
    if (alg_ == Algorithm::RsaSha256) rsa_ = std::make_unique<RsaContexts>(key_.get());
}

// Ed25519: a fresh context per signature (cheap next to RSA's; OpenSSL
// versions differ on reusing a context after a one-shot EVP_DigestSign).
Result<std::string> PrivateKey::sign_digest(std::string_view digest) const {
    if (alg_ == Algorithm::RsaSha256) return rsa_->sign(digest);
    std::string sig(static_cast<size_t>(EVP_PKEY_get_size(key_.get())), '\0');
    size_t len = sig.size();
    MdCtx md(EVP_MD_CTX_new());
    if (!md || EVP_DigestSignInit(md.get(), nullptr, nullptr, nullptr, key_.get()) != 1 ||
        EVP_DigestSign(md.get(), reinterpret_cast<unsigned char*>(sig.data()), &len,
                       reinterpret_cast<const unsigned char*>(digest.data()), digest.size()) != 1)
        return fail("ed25519 signing failed");
    sig.resize(len);
    return sig;
}

Result<std::string> PrivateKey::public_b64() const {
    if (alg_ == Algorithm::Ed25519Sha256) {
        std::string raw(32, '\0');
        size_t len = raw.size();
        if (EVP_PKEY_get_raw_public_key(key_.get(), reinterpret_cast<unsigned char*>(raw.data()), &len) != 1)
            return fail("cannot extract the Ed25519 public key");
        raw.resize(len);
        return base64_encode(raw);
    }
    unsigned char* der = nullptr;
    int len = i2d_PUBKEY(key_.get(), &der);
    if (len <= 0) return fail("cannot encode the RSA public key");
    std::string out = base64_encode({reinterpret_cast<const char*>(der), static_cast<size_t>(len)});
    OPENSSL_free(der);
    return out;
}

Result<std::string> PrivateKey::txt_record() const {
    auto p = public_b64();
    if (!p) return p;
    return std::string("v=DKIM1; k=") + (alg_ == Algorithm::RsaSha256 ? "rsa" : "ed25519") + "; p=" + *p;
}

Result<std::string> PrivateKey::private_pem() const {
    Bio bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_PrivateKey(bio.get(), key_.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1)
        return fail("cannot encode the private key");
    char* data = nullptr;
    long len = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<size_t>(len));
}

}  // namespace mp::dkim
