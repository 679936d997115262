// test_dkim_rsa_contexts.cpp: reused RSA signing contexts give the signature
// the openssl command gives (RSASSA-PKCS1-v1_5 is deterministic), again and
// again, from many threads at once, and the idle list stays bounded.
#include <doctest/doctest.h>
#include <openssl/pem.h>

#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "dkim/digest.hpp"
#include "dkim/key.hpp"
#include "dkim/rsa_contexts.hpp"
#include "dkim_testkeys.hpp"

using namespace mp::dkim;

namespace {

// The signature `openssl pkeyutl` makes over this digest with this key file.
std::string rc_openssl_sign(const dkimtest::TempDir& d, const std::string& key, const std::string& digest) {
    std::ofstream(d.file("digest.bin"), std::ios::binary) << digest;
    std::string cmd = "openssl pkeyutl -sign -pkeyopt digest:sha256 -inkey " + key + " -in " + d.file("digest.bin") +
                      " -out " + d.file("sig.bin");
    if (dkimtest::sh(cmd) != 0) return "";
    return dkimtest::slurp(d.file("sig.bin"));
}

Pkey rc_read_key(const std::string& path) {
    std::string pem = dkimtest::slurp(path);
    mp::util::Handle<BIO, BIO_free> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
    return Pkey(bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr) : nullptr);
}

}  // namespace

TEST_CASE("a reused context signs as the openssl command does") {
    dkimtest::TempDir d;
    std::string path = dkimtest::make_key(d, "rsa.pem", "rsa");
    REQUIRE(!path.empty());
    auto key = PrivateKey::load(path, false);
    REQUIRE(key);
    struct Row {
        const char* text;
    };
    const Row rows[] = {{"first message"}, {"second message"}, {""}, {"first message"}};
    for (const auto& row : rows) {
        CAPTURE(row.text);
        std::string digest = sha256(row.text);
        std::string want = rc_openssl_sign(d, path, digest);
        REQUIRE(want.size() == 256);
        auto got = (*key)->sign_digest(digest);
        REQUIRE(got);
        CHECK(*got == want);
    }
}

TEST_CASE("contexts are reused, shared by threads, and kept in a bounded idle list") {
    dkimtest::TempDir d;
    std::string path = dkimtest::make_key(d, "rsa.pem", "rsa", 1024);
    REQUIRE(!path.empty());
    Pkey pkey = rc_read_key(path);
    REQUIRE(pkey);
    RsaContexts contexts(pkey.get());
    std::string digest = sha256("one message");
    std::string want = rc_openssl_sign(d, path, digest);
    REQUIRE(!want.empty());

    CHECK(contexts.idle() == 0);
    for (int i = 0; i < 10; ++i) CHECK(*contexts.sign(digest) == want);
    CHECK(contexts.idle() == 1);  // one thread, one context, reused

    constexpr int kThreads = 8, kEach = 40;
    std::vector<int> wrong(kThreads, 0);
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t)
        threads.emplace_back([&, t] {
            for (int i = 0; i < kEach; ++i) {
                auto sig = contexts.sign(digest);
                if (!sig || *sig != want) ++wrong[t];
            }
        });
    for (auto& t : threads) t.join();
    for (int t = 0; t < kThreads; ++t) CHECK(wrong[t] == 0);
    CHECK(contexts.idle() >= 1);
    CHECK(contexts.idle() <= static_cast<size_t>(kThreads));
    CHECK(RsaContexts::kMaxIdle >= static_cast<size_t>(kThreads));
}

TEST_CASE("a digest of the wrong length fails and its context is not kept") {
    dkimtest::TempDir d;
    std::string path = dkimtest::make_key(d, "rsa.pem", "rsa", 1024);
    Pkey pkey = rc_read_key(path);
    REQUIRE(pkey);
    RsaContexts contexts(pkey.get());
    auto bad = contexts.sign(std::string(200, 'x'));  // longer than a 1024-bit key can carry
    REQUIRE(!bad);
    CHECK(bad.error().message.find("rsa signing failed") != std::string::npos);
    CHECK(contexts.idle() == 0);
    CHECK(contexts.sign(sha256("after a failure")));
    CHECK(contexts.idle() == 1);
}
