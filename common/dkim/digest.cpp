// digest.cpp: see digest.hpp.
#include "dkim/digest.hpp"

namespace mp::dkim {

const EVP_MD* sha256_md() {
    // Destroyed at exit before OpenSSL's own cleanup, which was registered
    // first (OpenSSL initializes before this first call).
    static const util::Handle<EVP_MD, EVP_MD_free> fetched(EVP_MD_fetch(nullptr, "SHA256", nullptr));
    return fetched ? fetched.get() : EVP_sha256();
}

Sha256::Sha256() : ctx_(EVP_MD_CTX_new()) {
    ok_ = ctx_ && EVP_DigestInit_ex(ctx_.get(), sha256_md(), nullptr) == 1;
}

void Sha256::write(std::string_view bytes) {
    if (ok_) ok_ = EVP_DigestUpdate(ctx_.get(), bytes.data(), bytes.size()) == 1;
}

std::string Sha256::final() {
    std::string out(32, '\0');
    unsigned len = 0;
    if (ok_) ok_ = EVP_DigestFinal_ex(ctx_.get(), reinterpret_cast<unsigned char*>(out.data()), &len) == 1;
    if (ok_) ok_ = EVP_DigestInit_ex(ctx_.get(), sha256_md(), nullptr) == 1;
    return out;
}

std::string sha256(std::string_view bytes) {
    Sha256 h;
    h.write(bytes);
    return h.final();
}

}  // namespace mp::dkim
