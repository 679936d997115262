// test_access_accessmap.cpp: every example line of sendmail X README 3.9.3 parsed and
// hit by a lookup with the expected result; the tag lookup orders; golden
// files for the access-map parser (tests/golden/access/*.map -> *.out).
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>

#include "access/accessmap.hpp"
#include "support/golden.hpp"

namespace fs = std::filesystem;
using namespace mp::access;
using testsupport::slurp;

namespace {

fs::path golden() { return testsupport::golden_dir("access"); }

AccessMap load(const char* file) {
    auto m = AccessMap::parse(slurp(golden() / file), file, Options{});
    if (!m) FAIL(m.error().joined());
    return std::move(*m);
}

// "LHS<tab>RHS" of the entry a lookup hits, or "-".
std::string hit(const AccessMap& m, Tag t, const char* key) {
    auto r = m.lookup(t, key);
    return r ? r->log() : "-";
}

// What a golden .out holds: the parsed map's dump, or every error.
std::string render_file(const fs::path& f) {
    auto r = AccessMap::parse(slurp(f), f.filename().string(), Options{});
    return r ? r->dump() : "ERRORS\n" + r.error().joined();
}

}  // namespace

TEST_CASE("golden access maps") {
    size_t n = testsupport::check_golden_dir("access", {".map"}, testsupport::OutName::ReplaceExtension, render_file);
    CHECK(n >= 5);
}

TEST_CASE("README 3.9.3 examples: each line is hit by the lookup it is written for") {
    AccessMap m = load("readme.map");
    struct Case { Tag tag; const char* key; const char* want; };
    const Case cases[] = {
        {Tag::CltResolve, "tempptr", "cltresolve:tempptr\terror:451 4.7.1 reverse lookup failed"},
        {Tag::CltResolve, "ok", "-"},
        {Tag::MxBadIp, "127.0.0.1", "mxbadip:127.0.0.1\terror:551 5.7.1 Bad IP address 127.0.0.1 in MX/A list"},
        {Tag::MxBadIp, "192.168.255.255",
         "mxbadip:192.168.255.255\terror:551 5.7.1 Bad IP address 192.168.255.255 in MX/A list"},
        {Tag::MxBadIp, "127.0.0.2", "-"},
        {Tag::From, "joe@spammer.domain", "from:@spammer.domain\terror:551 5.7.1 No spammers"},
        {Tag::From, "<Joe@SPAMMER.domain>", "from:@spammer.domain\terror:551 5.7.1 No spammers"},
        {Tag::From, "joe@mx.spammer.domain", "from:@.spammer.domain\terror:551 5.7.1 No spammers in subdomains either"},
        {Tag::From, "joe@a.b.spammer.domain", "from:@.spammer.domain\terror:551 5.7.1 No spammers in subdomains either"},
        {Tag::From, "joe@notspammer.domain", "-"},
        {Tag::To, "root@any.where", "to:root\terror:551 5.7.1 No mail to root"},
        {Tag::To, "root", "to:root\terror:551 5.7.1 No mail to root"},
        {Tag::To, "root+x@any.where", "-"},  // user does not match user+detail (case 1e)
        {Tag::To, "rooted@any.where", "-"},
        {Tag::To, "abuse@other.domain", "to:abuse\tquick:ok"},
        // the domain steps (1a-1f) all come before the local part alone (step 2)
        {Tag::To, "abuse@primary.domain", "to:@primary.domain\trelay"},
        {Tag::To, "someone@primary.domain", "to:@primary.domain\trelay"},
        {Tag::To, "someone@sub.primary.domain", "-"},
        {Tag::CltAddr, "10.1.2.3", "cltaddr:10\terror:551 5.7.1 No direct mail from 10.x.y.z"},
        {Tag::CltAddr, "100.1.2.3", "-"},
        {Tag::CltAddr, "127.0.0.1", "cltaddr:127.0.0.1\tquick:relay"},
        {Tag::CltAddr, "IPv6:::ffff:127.0.0.1", "cltaddr:127.0.0.1\tquick:relay"},
        {Tag::CltName, "spammer.domain", "cltname:spammer.domain\tquick:error:551 5.7.1 No mail from spammers"},
        {Tag::CltName, "SPAMMER.domain.", "cltname:spammer.domain\tquick:error:551 5.7.1 No mail from spammers"},
        {Tag::CltName, "host.spammer.domain", "-"},
        {Tag::CertSubject, "/C=US/ST=California/O=endmail.org/OU=private/CN=DeathStar/emailAddress=deathstar@endmail.org",
         "CertSubject:/C=US/ST=California/O=endmail.org/OU=private/CN=DeathStar/emailAddress=deathstar@endmail.org\trelay"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.key);
        CHECK(hit(m, c.tag, c.key) == c.want);
    }
    auto issuer = m.lookup(Tag::CertIssuer,
                           "/C=US/ST=California/O=endmail.org/OU=private/CN=Darth+20Mail+20+28Cert+29/emailAddress=darth+2Bcert@endmail.org");
    REQUIRE(issuer);
    CHECK(issuer->rhs.action == Action::Cont);
    auto quick = m.lookup(Tag::To, "abuse@x");
    REQUIRE(quick);
    CHECK(quick->rhs.quick);
    CHECK(quick->rhs.action == Action::Ok);
    auto prot = m.lookup(Tag::ProtectedRcpt, "<list3@local.dom>");
    REQUIRE(prot);
    CHECK(prot->restrictions.size() == 3);
}

TEST_CASE("the README's alternative lines") {
    AccessMap m = load("alt.map");
    CHECK(hit(m, Tag::CltAddr, "10.9.8.7") == "cltaddr:10\trelay");
    CHECK(m.lookup(Tag::CertIssuer,
                   "/C=US/ST=California/O=endmail.org/OU=private/CN=Darth+20Mail+20+28Cert+29/emailAddress=darth+2Bcert@endmail.org")
              ->rhs.action == Action::Relay);
}

TEST_CASE("extensions: CIDR, IPv6, most specific entry wins") {
    auto m = AccessMap::parse(
        "cltaddr:10 error:550 5.7.1 ten\n"
        "cltaddr:10.1.0.0/17 ok\n"
        "cltaddr:10.1.2.0/25 relay\n"
        "cltaddr:2001:db8::/32 reject\n"
        "cltaddr:2001:db8:1::/48 ok\n",
        "t", Options{});
    REQUIRE(m);
    CHECK(hit(*m, Tag::CltAddr, "10.1.2.3") == "cltaddr:10.1.2.0/25\trelay");
    CHECK(hit(*m, Tag::CltAddr, "10.1.2.200") == "cltaddr:10.1.0.0/17\tok");
    CHECK(hit(*m, Tag::CltAddr, "10.1.200.1") == "cltaddr:10\terror:550 5.7.1 ten");
    CHECK(hit(*m, Tag::CltAddr, "IPv6:2001:db8:1::9") == "cltaddr:2001:db8:1::/48\tok");
    CHECK(hit(*m, Tag::CltAddr, "2001:db8:2::9") == "cltaddr:2001:db8::/32\treject");
    CHECK(hit(*m, Tag::CltAddr, "2001:db9::9") == "-");
    CHECK(hit(*m, Tag::CltAddr, "not-an-ip") == "-");
}

TEST_CASE("options: delimiter and implicitly_match_detail") {
    const char* text = "to:list-owner@d ok\nto:user@d reject\n";
    auto plain = AccessMap::parse(text, "t", Options{});
    REQUIRE(plain);
    CHECK(hit(*plain, Tag::To, "user+x@d") == "-");
    Options imp;
    imp.implicit_detail = true;
    auto implicit = AccessMap::parse(text, "t", imp);
    REQUIRE(implicit);
    CHECK(hit(*implicit, Tag::To, "user+x@d") == "to:user@d\treject");
    Options minus;
    minus.delimiter = '-';
    auto dash = AccessMap::parse("to:list-*@d ok\n", "t", minus);
    REQUIRE(dash);
    CHECK(hit(*dash, Tag::To, "list-owner@d") == "to:list-*@d\tok");
}

TEST_CASE("lookup_text: TAG:KEY as the CLI takes it") {
    AccessMap m = load("readme.map");
    auto r = m.lookup_text("To:abuse@example.com");
    REQUIRE(r);
    REQUIRE(*r);
    CHECK((*r)->log() == "to:abuse\tquick:ok");
    auto none = m.lookup_text("to:nobody@example.com");
    REQUIRE(none);
    CHECK_FALSE(*none);
    CHECK_FALSE(m.lookup_text("nosuchtag:x"));
    CHECK_FALSE(m.lookup_text("abuse"));
}
