// test_dkimverify_tags.cpp: tag lists, DKIM-Signature and key record parsing,
// the b= removal the header hash needs, and the dkim= A-R part.
#include <doctest/doctest.h>

#include "dkimverify/result.hpp"
#include "dkimverify/tags.hpp"

using namespace mp::dkimverify;

namespace {

const char* kSig =
    "v=1; a=rsa-sha256; c=relaxed/simple; d=Example.ORG; s=sel;\r\n\th=from:to:subject; bh=YWJj; l=42;\r\n"
    "\tt=100; x=200; b=ZGVm\r\n\t Z2hp";

}  // namespace

TEST_CASE("tag lists") {
    auto t = parse_tags(" a = 1 ;b=x y; ;c=");
    REQUIRE(t);
    CHECK(t->at("a") == "1");
    CHECK(t->at("b") == "x y");
    CHECK(t->at("c") == "");
    CHECK_FALSE(parse_tags("a=1; a=2"));
    CHECK_FALSE(parse_tags("a"));
    CHECK_FALSE(parse_tags("=1"));
}

TEST_CASE("a DKIM-Signature") {
    auto s = parse_signature(kSig);
    REQUIRE(s);
    CHECK(s->alg == SigAlg::RsaSha256);
    CHECK(s->canon.header == mp::dkim::Canon::Relaxed);
    CHECK(s->canon.body == mp::dkim::Canon::Simple);
    CHECK(s->domain == "example.org");
    CHECK(s->identity == "@example.org");
    CHECK(s->headers == std::vector<std::string>{"from", "to", "subject"});
    CHECK(s->body_hash == "abc");
    CHECK(s->signature == "defghi");
    CHECK(s->b_text == "ZGVmZ2hp");
    CHECK(*s->length == 42);
    CHECK(*s->expires == 200);
}

TEST_CASE("malformed signatures say why") {
    struct Case {
        const char* value;
        const char* error;
    };
    for (const auto& c : {Case{"v=1; a=rsa-sha256; d=x; s=y; h=to; bh=YWJj; b=YWJj", "h= does not include From"},
                          Case{"v=2; a=rsa-sha256; d=x; s=y; h=from; bh=YWJj; b=YWJj", "v= is not 1"},
                          Case{"v=1; a=dsa-sha256; d=x; s=y; h=from; bh=YWJj; b=YWJj", "unknown algorithm a=dsa-sha256"},
                          Case{"v=1; a=rsa-sha256; d=x; h=from; bh=YWJj; b=YWJj", "missing s= tag"},
                          Case{"v=1; a=rsa-sha256; d=x; s=y; h=from; bh=Y!; b=YWJj", "bh= is not base64"},
                          Case{"v=1; a=rsa-sha256; d=x; s=y; h=from; bh=YWJj; b=YWJj; l=-1", "l= is not a number"},
                          Case{"v=1; a=rsa-sha256; d=x.org; s=y; h=from; bh=YWJj; b=YWJj; i=@evil.org",
                               "i= is not in the d= domain"},
                          Case{"v=1; a=rsa-sha256; d=x; s=y; h=from; bh=YWJj; b=YWJj; c=odd", "unknown canonicalization c=odd"}}) {
        CAPTURE(c.value);
        auto s = parse_signature(c.value);
        REQUIRE_FALSE(s);
        CHECK(s.error().message == c.error);
    }
    auto sha1 = parse_signature("v=1; a=rsa-sha1; d=x; s=y; h=from; bh=YWJj; b=YWJj; i=a@sub.x");
    REQUIRE(sha1);
    CHECK(sha1->alg == SigAlg::RsaSha1);
}

TEST_CASE("key records") {
    auto k = parse_key_record("v=DKIM1; k=ed25519; t=y:s; h=sha256; p=YWJj");
    REQUIRE(k);
    CHECK(k->key_type == "ed25519");
    CHECK(k->testing);
    CHECK(k->strict);
    CHECK(k->public_key == "abc");
    auto revoked = parse_key_record("v=DKIM1; p=");
    REQUIRE(revoked);
    CHECK(revoked->public_key.empty());
    CHECK(revoked->key_type == "rsa");
    CHECK_FALSE(parse_key_record("v=DKIM2; p=YWJj"));
    CHECK_FALSE(parse_key_record("v=DKIM1; k=rsa"));
}

TEST_CASE("b= removed, every other byte kept") {
    CHECK(without_b("v=1; bh=abc; b=xyz; d=x") == "v=1; bh=abc; b=; d=x");
    CHECK(without_b(" v=1; bh=abc;\r\n\tb=xy\r\n\t z") == " v=1; bh=abc;\r\n\tb=");
    CHECK(without_b("b = xyz;d=x") == "b =;d=x");
    CHECK(without_b("v=1; bh=abc") == "v=1; bh=abc");
}

TEST_CASE("dkim= part of Authentication-Results") {
    SigResult r;
    r.status = Status::Pass;
    r.domain = "example.org";
    r.selector = "sel";
    r.b_text = "AbCdEfGhIjK";
    CHECK(r.authres() == "dkim=pass header.d=example.org header.s=sel header.b=AbCdEfGh");
    r.status = Status::Fail;
    r.reason = "body hash did not verify";
    r.length = 10;
    r.testing = true;
    CHECK(r.authres() == "dkim=fail (body hash did not verify; l=10 signed body bytes; key in testing mode t=y) "
                         "header.d=example.org header.s=sel header.b=AbCdEfGh");
}
