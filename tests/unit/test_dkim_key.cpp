// test_dkim_key.cpp: private key files: the accepted encodings, the size
// floor, and the RequireSafeKeys-style permission check.
#include <doctest/doctest.h>
#include <unistd.h>

#include "dkim/base64.hpp"
#include "dkim/key.hpp"
#include "dkim_testkeys.hpp"

using namespace mp::dkim;
using dkimtest::make_key;

TEST_CASE("key encodings") {
    dkimtest::TempDir d;
    auto rsa = PrivateKey::load(make_key(d, "rsa.pem", "rsa"), false);
    REQUIRE(rsa);
    CHECK((*rsa)->algorithm() == Algorithm::RsaSha256);
    CHECK((*rsa)->bits() == 2048);
    auto pkcs1 = PrivateKey::load(make_key(d, "pkcs1.pem", "rsa-pkcs1"), false);
    REQUIRE(pkcs1);
    CHECK((*pkcs1)->algorithm() == Algorithm::RsaSha256);
    auto ed = PrivateKey::load(make_key(d, "ed.pem", "ed25519"), false);
    REQUIRE(ed);
    CHECK((*ed)->algorithm() == Algorithm::Ed25519Sha256);

    SUBCASE("bare base64 Ed25519 seed gives the same key") {
        // the PKCS#8 DER of an Ed25519 key ends with the 32-byte seed
        REQUIRE(dkimtest::sh("openssl pkey -in " + d.file("ed.pem") + " -outform DER | tail -c 32 | base64 > " +
                             d.file("seed.b64") + " && chmod 600 " + d.file("seed.b64")) == 0);
        auto seed = PrivateKey::load(d.file("seed.b64"), false);
        REQUIRE(seed);
        CHECK((*seed)->algorithm() == Algorithm::Ed25519Sha256);
        CHECK(*(*seed)->public_b64() == *(*ed)->public_b64());
        CHECK(base64_decode(*(*ed)->public_b64())->size() == 32);
    }
    SUBCASE("bare base64 DER RSA key") {
        REQUIRE(dkimtest::sh("openssl pkey -in " + d.file("rsa.pem") + " -outform DER | base64 > " + d.file("rsa.b64")) == 0);
        auto k = PrivateKey::parse(dkimtest::slurp(d.file("rsa.b64")), "rsa.b64");
        REQUIRE(k);
        CHECK(*(*k)->public_b64() == *(*rsa)->public_b64());
    }
}

TEST_CASE("bad keys are refused with the file named") {
    dkimtest::TempDir d;
    auto small = PrivateKey::load(make_key(d, "small.pem", "rsa", 768), false);
    REQUIRE_FALSE(small);
    CHECK(small.error().message.find("768 bits, at least 1024") != std::string::npos);
    std::ofstream(d.file("junk")) << "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n";
    chmod(d.file("junk").c_str(), 0600);
    auto junk = PrivateKey::load(d.file("junk"), false);
    REQUIRE_FALSE(junk);
    CHECK(junk.error().message.find(d.file("junk") + ": not a private key") == 0);
    auto missing = PrivateKey::load(d.file("nope"), false);
    REQUIRE_FALSE(missing);
    CHECK(missing.error().message.find("cannot stat") != std::string::npos);
    CHECK_FALSE(PrivateKey::parse("!!!", "inline"));
}

TEST_CASE("key file permissions (RequireSafeKeys)") {
    dkimtest::TempDir d;
    std::string k = make_key(d, "k.pem", "ed25519");
    REQUIRE(!k.empty());
    chmod(k.c_str(), 0644);
    auto r = PrivateKey::load(k, false);
    REQUIRE_FALSE(r);
    CHECK(r.error().message.find("accessible by others") != std::string::npos);
    CHECK(PrivateKey::load(k, true));  // allow_insecure_key_files = yes
    chmod(k.c_str(), 0606);
    CHECK_FALSE(PrivateKey::load(k, false));

    // group access: fine for our own group, refused for a group we are not in
    REQUIRE(chown(k.c_str(), geteuid(), getegid()) == 0);
    chmod(k.c_str(), 0640);
    CHECK(PrivateKey::load(k, false));
    gid_t foreign = 54321;  // no such group on a test machine
    if (chown(k.c_str(), geteuid(), foreign) == 0) {
        auto g = PrivateKey::load(k, false);
        REQUIRE_FALSE(g);
        CHECK(g.error().message.find("group this process is not in") != std::string::npos);
        chmod(k.c_str(), 0600);
        CHECK(PrivateKey::load(k, false));
    }
}
