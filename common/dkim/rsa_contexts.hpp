// rsa_contexts.hpp: prepared RSA signing contexts of one private key, reused
// from signature to signature. OpenSSL documents that EVP_PKEY_sign() may be
// called again on a context with the same parameters; building, initializing
// (padding, digest) and freeing an EVP_PKEY_CTX per signature costs OpenSSL
// 3.0 provider lookups and, at free, a hash-table walk, which in the milter's
// worker threads (cold caches) came to about 10% of a message's CPU time.
//
// Used by PrivateKey::sign_digest for RSA keys. Thread-safe: a context is
// used by one thread at a time (taken from the idle list under a mutex, put
// back after the signature). At most kMaxIdle idle contexts are kept; a
// context whose signature failed is freed, never reused. The contexts die
// with the key, so a reload that replaces the key frees them.
#pragma once
#include <openssl/evp.h>

#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "util/raii.hpp"
#include "util/result.hpp"

namespace mp::dkim {

class RsaContexts {
public:
    static constexpr size_t kMaxIdle = 64;
    explicit RsaContexts(EVP_PKEY* key) : key_(key) {}
    // The RSASSA-PKCS1-v1_5 signature over a SHA-256 digest (RFC 6376 3.3.1).
    Result<std::string> sign(std::string_view digest32);
    size_t idle() const;

private:
    using Ctx = util::Handle<EVP_PKEY_CTX, EVP_PKEY_CTX_free>;
    Ctx take();
    void give_back(Ctx ctx);

    EVP_PKEY* key_;  // owned by the PrivateKey that owns this object
    mutable std::mutex mu_;
    std::vector<Ctx> idle_;
};

}  // namespace mp::dkim
