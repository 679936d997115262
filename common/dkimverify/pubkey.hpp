// pubkey.hpp: a DKIM public key from its key record's p= and k=, and the
// signature check over the SHA-256 header digest: RSA PKCS#1 v1.5 (RFC 6376
// 3.3.1), Ed25519 over the 32 digest bytes (RFC 8463 3). p= holds a
// SubjectPublicKeyInfo for RSA (a bare RSAPublicKey is accepted too) and the
// raw 32 bytes for Ed25519 (RFC 8463 4).
#pragma once
#include <openssl/evp.h>

#include <string>
#include <string_view>

#include "util/raii.hpp"
#include "util/result.hpp"

namespace mp::dkimverify {

using Pkey = util::Handle<EVP_PKEY, EVP_PKEY_free>;

struct PublicKey {
    Pkey key;
    bool ed25519 = false;
    int bits = 0;
};

Result<PublicKey> public_key(std::string_view key_type, std::string_view der);
// True when `sig` signs `digest32` with `key`.
bool verify_digest(const PublicKey& key, std::string_view digest32, std::string_view sig);

}  // namespace mp::dkimverify
