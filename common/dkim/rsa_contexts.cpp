// rsa_contexts.cpp: see rsa_contexts.hpp.
#include "dkim/rsa_contexts.hpp"

#include <openssl/rsa.h>

#include "dkim/digest.hpp"

namespace mp::dkim {

RsaContexts::Ctx RsaContexts::take() {
    {
        std::lock_guard lock(mu_);
        if (!idle_.empty()) {
            Ctx ctx = std::move(idle_.back());
            idle_.pop_back();
            return ctx;
        }
    }
    Ctx ctx(EVP_PKEY_CTX_new(key_, nullptr));
    if (!ctx || EVP_PKEY_sign_init(ctx.get()) != 1 ||
        EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_PADDING) != 1 ||
        EVP_PKEY_CTX_set_signature_md(ctx.get(), sha256_md()) != 1)
        return nullptr;
    return ctx;
}

void RsaContexts::give_back(Ctx ctx) {
    std::lock_guard lock(mu_);
    if (idle_.size() < kMaxIdle) idle_.push_back(std::move(ctx));
}

size_t RsaContexts::idle() const {
    std::lock_guard lock(mu_);
    return idle_.size();
}

Result<std::string> RsaContexts::sign(std::string_view digest32) {
    Ctx ctx = take();
    if (!ctx) return fail("rsa signing failed: cannot prepare a signing context");
    std::string sig(static_cast<size_t>(EVP_PKEY_get_size(key_)), '\0');
    size_t len = sig.size();
    if (EVP_PKEY_sign(ctx.get(), reinterpret_cast<unsigned char*>(sig.data()), &len,
                      reinterpret_cast<const unsigned char*>(digest32.data()), digest32.size()) != 1)
        return fail("rsa signing failed");  // ctx is freed, not reused
    give_back(std::move(ctx));
    sig.resize(len);
    return sig;
}

}  // namespace mp::dkim
