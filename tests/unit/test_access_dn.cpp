// test_access_dn.cpp: certificate DN encoding of sendmail X README 3.10 (smtps tls flags)
// and the canonical key that lets sendmail's {cert_subject} meet map entries.
#include <doctest/doctest.h>

#include "access/dn.hpp"

using namespace mp::access;

namespace {
const char* kRaw = "/C=US/ST=California/O=endmail.org/OU=private/CN=Darth Mail (Cert)/emailAddress=darth+cert@endmail.org";
const char* kReadme =
    "/C=US/ST=California/O=endmail.org/OU=private/CN=Darth+20Mail+20+28Cert+29/emailAddress=darth+2Bcert@endmail.org";
}  // namespace

TEST_CASE("the README's example encodes as the README says") {
    CHECK(encode_dn(kRaw) == kReadme);
    CHECK(encode_dn("a<b>c\"d\x01\x7f\xc3\xa9") == "a+3Cb+3Ec+22d+01+7F+C3+A9");
    CHECK(encode_dn("back\\slash") == "back\\slash");  // not in the README's set
}

TEST_CASE("one key for README encoding, sendmail's xtext, raw '+' and letter case") {
    std::string key = dn_key(kReadme);
    CHECK(dn_key(kReadme) == dn_key(encode_dn(kRaw)));
    // sendmail 8 also encodes '\' (xtextify): same key as the README form with a raw '\'
    CHECK(dn_key("/CN=a+5Cb") == dn_key("/CN=a\\b"));
    // a raw '+' must be written +2B: "+ce" would read as the byte 0xCE
    CHECK(dn_key("/emailAddress=darth+cert@endmail.org") != dn_key("/emailAddress=darth+2Bcert@endmail.org"));
    CHECK(dn_key("/CN=DeathStar") == dn_key("/cn=deathstar"));
    CHECK(dn_key("/CN=x+2b") == dn_key("/CN=x+2B"));
    CHECK(dn_key("/CN=A") != dn_key("/CN=B"));
    CHECK(key.find(' ') == std::string::npos);
}
