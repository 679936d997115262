// test_dkim_keygen.cpp: `milterpack dkim keygen` underneath: the private key
// file is 0600 whatever the umask and never overwritten, the TXT record is
// well formed (<=255-character strings, p= equal to openssl's own public key),
// and mail signed with the new key verifies with python3-dkim using exactly
// the record keygen printed.
#include <doctest/doctest.h>
#include <sys/stat.h>

#include <regex>

#include "dkim/base64.hpp"
#include "dkim/keygen.hpp"
#include "dkim/signer.hpp"
#include "dkim_testkeys.hpp"

using namespace mp::dkim;

namespace {

// The character-strings of a zone record, concatenated; each must be <= 255.
std::string txt_data(const std::string& zone) {
    std::string all;
    std::regex str("\"([^\"]*)\"");
    for (auto it = std::sregex_iterator(zone.begin(), zone.end(), str); it != std::sregex_iterator(); ++it) {
        CHECK((*it)[1].length() <= 255);
        all += (*it)[1];
    }
    return all;
}

std::string sign_message(const std::string& key, const std::string& selector) {
    Options o;
    o.domain = "example.com";
    o.selector = selector;
    o.key_file = key;
    auto s = Signer::create(o);
    REQUIRE(s);
    auto job = (*s)->begin("<a@example.com>");
    job->header("From", " Alice <alice@example.com>");
    job->header("Subject", " keygen test");
    job->body("Hello\r\n");
    auto v = job->finish();
    REQUIRE(v);
    REQUIRE(v->size() == 1);
    return "DKIM-Signature:" + v->front() + "\r\nFrom: Alice <alice@example.com>\r\nSubject: keygen test\r\n\r\nHello\r\n";
}

}  // namespace

TEST_CASE("keygen writes a 0600 key, refuses to overwrite, and its record verifies") {
    dkimtest::TempDir d;
    for (auto [alg, selector] : {std::pair{Algorithm::RsaSha256, "r2025"}, std::pair{Algorithm::Ed25519Sha256, "e2025"}}) {
        const char* sel = selector;  // clang 14 cannot capture a structured binding (CAPTURE)
        CAPTURE(sel);
        mode_t old = umask(0);  // the key must still be 0600
        auto r = keygen("Example.COM", sel, alg, 2048, d.path());
        umask(old);
        REQUIRE(r);
        struct stat st {};
        REQUIRE(stat(r->key_path.c_str(), &st) == 0);
        CHECK((st.st_mode & 07777) == 0600);
        CHECK(r->dns_name == std::string(sel) + "._domainkey.example.com.");
        CHECK(txt_data(r->zone_record) == r->txt_value);
        CHECK(r->zone_record.starts_with(r->dns_name + " IN TXT ( \""));
        CHECK(dkimtest::slurp(r->txt_path) == r->zone_record + "\n");

        // p= against the openssl command's view of the same key
        std::string p = r->txt_value.substr(r->txt_value.find("p=") + 2);
        std::string cmd = "openssl pkey -in " + r->key_path + " -pubout -outform DER" +
                          (alg == Algorithm::Ed25519Sha256 ? " | tail -c 32" : "") + " | base64 -w0 > " + d.file("pub");
        REQUIRE(dkimtest::sh(cmd) == 0);
        CHECK(p == dkimtest::slurp(d.file("pub")));
        CHECK(r->txt_value.starts_with(alg == Algorithm::RsaSha256 ? "v=DKIM1; k=rsa; p=" : "v=DKIM1; k=ed25519; p="));

        // a second run must not replace the key
        std::string before = dkimtest::slurp(r->key_path);
        auto again = keygen("example.com", sel, alg, 2048, d.path());
        REQUIRE_FALSE(again);
        CHECK(again.error().message.find("File exists") != std::string::npos);
        CHECK(dkimtest::slurp(r->key_path) == before);

        // sign with the new key, verify with python3-dkim from the printed record
        std::ofstream(d.file("keys.txt")) << r->dns_name << " " << r->txt_value << "\n";
        std::ofstream(d.file("msg.eml"), std::ios::binary) << sign_message(r->key_path, sel);
        std::string verify = "/usr/bin/python3 " + dkimtest::source_dir() + "/tests/tools/dkim_offline_verify.py " +
                             d.file("keys.txt") + " " + d.file("msg.eml") + " >/dev/null";
        CHECK(dkimtest::sh(verify) == 0);
        std::string msg = dkimtest::slurp(d.file("msg.eml"));
        msg[msg.size() - 3] ^= 1;  // one byte of the body
        std::ofstream(d.file("msg.eml"), std::ios::binary) << msg;
        CHECK(dkimtest::sh(verify) != 0);
    }
}

TEST_CASE("keygen creates a missing key directory, mode 0700") {
    dkimtest::TempDir d;
    std::string dir = d.path() + "/keys";
    mode_t old = umask(0);
    auto r = keygen("example.com", "s1", Algorithm::Ed25519Sha256, 0, dir);
    umask(old);
    REQUIRE(r);
    struct stat st {};
    REQUIRE(stat(dir.c_str(), &st) == 0);
    CHECK(S_ISDIR(st.st_mode));
    CHECK((st.st_mode & 07777) == 0700);
    CHECK(stat(r->key_path.c_str(), &st) == 0);
}

TEST_CASE("zone_record splits long data into 255-character strings") {
    std::string data(600, 'A');
    std::string z = zone_record("s._domainkey.example.com.", data);
    CHECK(txt_data(z) == data);
    CHECK(z == "s._domainkey.example.com. IN TXT ( \"" + data.substr(0, 255) + "\"\n\t\"" + data.substr(255, 255) +
                   "\"\n\t\"" + data.substr(510) + "\" )");
}

TEST_CASE("keygen refuses bad input") {
    dkimtest::TempDir d;
    CHECK_FALSE(keygen("exa mple.com", "s", Algorithm::RsaSha256, 2048, d.path()));
    CHECK_FALSE(keygen("example.com", "s/../x", Algorithm::RsaSha256, 2048, d.path()));
    CHECK_FALSE(keygen("example.com", "s", Algorithm::RsaSha256, 512, d.path()));
    auto nodir = keygen("example.com", "s", Algorithm::Ed25519Sha256, 0, d.file("missing") + "/deeper");
    REQUIRE_FALSE(nodir);  // only the last directory is created
    CHECK(nodir.error().message.find("missing/deeper") != std::string::npos);
}
