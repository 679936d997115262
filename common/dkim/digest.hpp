// digest.hpp: a streaming SHA-256 with one owner of its EVP_MD_CTX; the body
// hash of a message is fed chunk by chunk, the header hash in one go.
#pragma once
#include <openssl/evp.h>

#include <string>
#include <string_view>

#include "dkim/canon.hpp"
#include "util/raii.hpp"

namespace mp::dkim {

class Sha256 final : public BodySink {
public:
    Sha256();
    void write(std::string_view bytes) override;
    std::string final();  // 32 raw bytes; the object is reset and may be reused
    bool ok() const { return ok_; }

private:
    util::Handle<EVP_MD_CTX, EVP_MD_CTX_free> ctx_;
    bool ok_ = true;
};

std::string sha256(std::string_view bytes);

// The process's SHA-256 implementation, fetched once (EVP_sha256() makes
// OpenSSL 3 fetch it again at every digest or signature initialization).
const EVP_MD* sha256_md();

}  // namespace mp::dkim
