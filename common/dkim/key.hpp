// key.hpp: DKIM private keys, parsed once (at start and on reload) and then
// shared read-only by every signing job; OpenSSL 3 allows concurrent signing
// with one EVP_PKEY (an RSA key keeps its prepared contexts, rsa_contexts.hpp). A key file that group or others may read or write is
// refused unless allowed (OpenDKIM's RequireSafeKeys rule: group access is
// fine when the file's group is one this process is in).
//
// Accepted key file contents: PEM (PKCS#8 "PRIVATE KEY" from openssl genpkey,
// or PKCS#1 "RSA PRIVATE KEY" from opendkim-genkey); bare base64 of a DER key;
// and, for Ed25519, bare base64 of the raw 32-byte seed (the form dkimpy and
// python3-dkim use).
#pragma once
#include <openssl/evp.h>

#include <memory>
#include <string>
#include <string_view>

#include "dkim/rsa_contexts.hpp"
#include "dkim/types.hpp"
#include "util/raii.hpp"
#include "util/result.hpp"

namespace mp::dkim {

using Pkey = util::Handle<EVP_PKEY, EVP_PKEY_free>;

class PrivateKey {
public:
    // Parses key material (file contents); `origin` names it in errors.
    static Result<std::shared_ptr<const PrivateKey>> parse(std::string_view text, std::string_view origin);
    // Reads and parses a key file after the permission check.
    static Result<std::shared_ptr<const PrivateKey>> load(const std::string& path, bool allow_insecure);

    Algorithm algorithm() const { return alg_; }
    int bits() const { return bits_; }
    // Signs the SHA-256 digest of the canonicalized headers: RSA PKCS#1 v1.5
    // over the digest (RFC 6376 3.3.1), Ed25519 over the 32 digest bytes (RFC 8463 3).
    Result<std::string> sign_digest(std::string_view digest32) const;
    // The p= value of the DNS key record: SubjectPublicKeyInfo DER for RSA,
    // the raw 32-byte public key for Ed25519 (RFC 8463 4), base64.
    Result<std::string> public_b64() const;
    // "v=DKIM1; k=rsa; p=..." (k=ed25519 for Ed25519 keys).
    Result<std::string> txt_record() const;
    // PKCS#8 PEM of the private key (keygen writes this).
    Result<std::string> private_pem() const;

    PrivateKey(Pkey key, Algorithm alg, int bits);

private:
    Pkey key_;
    Algorithm alg_;
    int bits_;
    std::unique_ptr<RsaContexts> rsa_;  // RSA keys only; uses key_, so declared after it
};

// Whether a file with this mode/group may hold a private key (see above).
Result<void> check_key_mode(const std::string& path, bool allow_insecure);

}  // namespace mp::dkim
