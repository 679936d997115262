// pubkey.cpp: see pubkey.hpp.
#include "dkimverify/pubkey.hpp"

#include <openssl/rsa.h>
#include <openssl/x509.h>

namespace mp::dkimverify {

namespace {

using PkeyCtx = util::Handle<EVP_PKEY_CTX, EVP_PKEY_CTX_free>;
using MdCtx = util::Handle<EVP_MD_CTX, EVP_MD_CTX_free>;

const unsigned char* bytes(std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); }

}  // namespace

Result<PublicKey> public_key(std::string_view key_type, std::string_view der) {
    PublicKey k;
    if (key_type == "ed25519") {
        if (der.size() != 32) return fail("ed25519 key of " + std::to_string(der.size()) + " bytes, not 32");
        k.key = Pkey(EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, bytes(der), der.size()));
        k.ed25519 = true;
    } else if (key_type == "rsa") {
        const unsigned char* p = bytes(der);
        k.key = Pkey(d2i_PUBKEY(nullptr, &p, long(der.size())));
        if (!k.key) {
            p = bytes(der);
            k.key = Pkey(d2i_PublicKey(EVP_PKEY_RSA, nullptr, &p, long(der.size())));
        }
        if (k.key && EVP_PKEY_get_base_id(k.key.get()) != EVP_PKEY_RSA) return fail("k=rsa but p= is not an RSA key");
    } else {
        return fail("unknown key type k=" + std::string(key_type));
    }
    if (!k.key) return fail("p= is not a valid " + std::string(key_type) + " public key");
    k.bits = EVP_PKEY_get_bits(k.key.get());
    return k;
}

bool verify_digest(const PublicKey& key, std::string_view digest32, std::string_view sig) {
    if (key.ed25519) {
        MdCtx md(EVP_MD_CTX_new());
        if (!md || EVP_DigestVerifyInit(md.get(), nullptr, nullptr, nullptr, key.key.get()) != 1) return false;
        return EVP_DigestVerify(md.get(), bytes(sig), sig.size(), bytes(digest32), digest32.size()) == 1;
    }
    PkeyCtx ctx(EVP_PKEY_CTX_new(key.key.get(), nullptr));
    if (!ctx || EVP_PKEY_verify_init(ctx.get()) != 1 || EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_PADDING) != 1 ||
        EVP_PKEY_CTX_set_signature_md(ctx.get(), EVP_sha256()) != 1)
        return false;
    return EVP_PKEY_verify(ctx.get(), bytes(sig), sig.size(), bytes(digest32), digest32.size()) == 1;
}

}  // namespace mp::dkimverify
