// digest.cpp: see digest.hpp.
#include "dkim/digest.hpp"

namespace mp::dkim {

Sha256::Sha256() : ctx_(EVP_MD_CTX_new()) {
    ok_ = ctx_ && EVP_DigestInit_ex(ctx_.get(), EVP_sha256(), nullptr) == 1;
}

void Sha256::write(std::string_view bytes) {
    if (ok_) ok_ = EVP_DigestUpdate(ctx_.get(), bytes.data(), bytes.size()) == 1;
}

std::string Sha256::final() {
    std::string out(32, '\0');
    unsigned len = 0;
    if (ok_) ok_ = EVP_DigestFinal_ex(ctx_.get(), reinterpret_cast<unsigned char*>(out.data()), &len) == 1;
    if (ok_) ok_ = EVP_DigestInit_ex(ctx_.get(), EVP_sha256(), nullptr) == 1;
    return out;
}

std::string sha256(std::string_view bytes) {
    Sha256 h;
    h.write(bytes);
    return h.final();
}

}  // namespace mp::dkim
