// test_dkim_signer.cpp: Signer and Job: which sessions and messages are
// signed (and why), the h= list with From oversigned, the folded header
// (<= 78 columns), dual signatures, tags, and byte-identical Ed25519 output
// for LF- vs CRLF-folded values and for any body chunking.
#include <doctest/doctest.h>

#include "dkim/address.hpp"
#include "dkim/signer.hpp"
#include "dkim_testkeys.hpp"

using namespace mp::dkim;
using mp::util::IpAddr;
using mp::util::Network;

namespace {

struct Keys {
    dkimtest::TempDir dir;
    std::string rsa = dkimtest::make_key(dir, "rsa.pem", "rsa");
    std::string ed = dkimtest::make_key(dir, "ed.pem", "ed25519");
};
const Keys& keys() {
    static Keys k;
    return k;
}

Options short_form(const std::string& key) {
    Options o;
    o.domain = "example.com";
    o.selector = "sel";
    o.key_file = key;
    return o;
}

Options tables(const std::string& keytable, const std::string& signtable, bool multiple) {
    const auto& d = keys().dir;
    static int n = 0;
    std::string kt = d.file("KeyTable" + std::to_string(++n)), st = d.file("SigningTable" + std::to_string(n));
    std::ofstream(kt) << keytable;
    std::ofstream(st) << signtable;
    Options o;
    o.key_table = "file:" + kt;
    o.signing_table = "refile:" + st;
    o.multiple_signatures = multiple;
    return o;
}

std::shared_ptr<const Signer> make(const Options& o) {
    auto s = Signer::create(o);
    if (!s) FAIL(s.error().message);
    return *s;
}

using Headers = std::vector<std::pair<std::string, std::string>>;
const Headers kHeaders = {{"Received", " from x by y"}, {"From", " Alice <alice@example.com>"},
                          {"To", " bob@example.net"},     {"Subject", " hi"},
                          {"X-Mailer", " test"},          {"Resent-To", " a@x"},
                          {"Resent-To", " b@x"}};

std::vector<std::string> sign(const Signer& s, const Headers& hs, std::string_view body = "Hi\r\n", size_t chunk = 0,
                              std::string_view envelope = "<alice@example.com>") {
    auto job = s.begin(envelope);
    for (const auto& [n, v] : hs) job->header(n, v);
    if (chunk == 0) chunk = body.size() + 1;
    for (size_t p = 0; p < body.size(); p += chunk) job->body(body.substr(p, chunk));
    auto r = job->finish(1700000000);
    REQUIRE(r);
    return *r;
}

std::string tag(const std::string& value, const std::string& name) {
    std::string flat;
    for (char c : value)
        if (c != '\r' && c != '\n' && c != '\t' && c != ' ') flat += c;
    size_t p = flat.find(";" + name + "=");
    if (flat.starts_with(name + "=")) p = 0;
    else if (p == std::string::npos) return "<none>";
    else ++p;
    size_t e = flat.find(';', p);
    return flat.substr(p + name.size() + 1, e == std::string::npos ? e : e - p - name.size() - 1);
}

}  // namespace

TEST_CASE("should_sign: daemon, internal network, authentication") {
    Options o = short_form(keys().ed);
    o.daemons = {"MTA-TX"};
    o.internal_networks = {*Network::parse("10.0.0.0/8"), *Network::parse("2001:db8::/32")};
    auto s = make(o);
    struct C {
        std::string_view daemon, client, auth;
        bool sign;
        std::string_view reason;
    } cases[] = {
        {"MTA-TX", "192.0.2.1", "", true, "daemon MTA-TX"},
        {"mta-tx", "", "", true, "daemon mta-tx"},
        {"MTA-RX", "10.1.2.3", "", true, "client 10.1.2.3 in 10.0.0.0/8"},
        {"MTA-RX", "IPv6:2001:db8::5", "", true, "in 2001:db8::/32"},
        {"MTA-RX", "192.0.2.1", "alice", true, "authenticated as alice"},
        {"MTA-RX", "192.0.2.1", "", false, "daemon 'MTA-RX' not listed, client 192.0.2.1 not internal, not authenticated"},
        {"", "", "", false, "client unknown not internal"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.daemon);
        CAPTURE(c.client);
        SessionFacts f{c.daemon, IpAddr::parse(c.client), c.auth};
        auto d = s->should_sign(f);
        CHECK(d.sign == c.sign);
        CHECK(d.reason.find(c.reason) != std::string::npos);
    }
    o.sign_authenticated = false;
    CHECK_FALSE(make(o)->should_sign({"MTA-RX", IpAddr::parse("192.0.2.1"), "alice"}).sign);
}

TEST_CASE("author address of From:") {
    struct C {
        std::string_view from, addr;
    } cases[] = {
        {" Alice <alice@Example.COM>", "alice@example.com"},
        {" alice@example.com (Alice <x@evil.test>)", "alice@example.com"},
        {" \"Smith, John <j@evil.test>\" <john@example.com>", "john@example.com"},
        {"\r\n\t\"Alice, the Example\" <alice@example.com>", "alice@example.com"},
        {" a@one.example, b@two.example", "a@one.example"},
        {" Team: a@team.example, b@x.example;", "a@team.example"},
        {" <alice@example.com.>", "alice@example.com"},
        {" undisclosed", ""},
        {" <>", ""},
    };
    for (const auto& c : cases) {
        CAPTURE(c.from);
        CHECK(author_address(c.from) == c.addr);
    }
}

TEST_CASE("h= lists present fields, From once more, repeated fields as often as present") {
    auto v = sign(*make(short_form(keys().ed)), kHeaders);
    REQUIRE(v.size() == 1);
    CHECK(tag(v[0], "h") == "From:From:Subject:To:Resent-To:Resent-To");
    CHECK(tag(v[0], "d") == "example.com");
    CHECK(tag(v[0], "s") == "sel");
    CHECK(tag(v[0], "a") == "ed25519-sha256");
    CHECK(tag(v[0], "c") == "relaxed/relaxed");
    CHECK(tag(v[0], "t") == "1700000000");
    CHECK(tag(v[0], "x") == "<none>");
    CHECK(tag(v[0], "l") == "<none>");
    CHECK(v[0].starts_with(" v=1; a=ed25519-sha256; c=relaxed/relaxed; d=example.com;\r\n\ts=sel; t=1700000000;"));

    Options o = short_form(keys().ed);
    o.sign_headers = {"Subject", "X-Mailer"};
    o.oversign_headers = {"From", "Subject", "Reply-To"};
    o.expire = std::chrono::hours(1);
    o.body_length_tag = true;
    o.canon = {Canon::Simple, Canon::Relaxed};
    auto w = sign(*make(o), kHeaders);
    CHECK(tag(w[0], "h") == "From:From:Subject:Subject:X-Mailer:Reply-To");
    CHECK(tag(w[0], "x") == "1700003600");
    CHECK(tag(w[0], "l") == "4");
    CHECK(tag(w[0], "c") == "simple/relaxed");
}

TEST_CASE("the header is folded within 78 columns, b= last") {
    Options o = short_form(keys().rsa);
    Headers many = kHeaders;
    for (auto n : {"Reply-To", "Cc", "Date", "Message-ID", "In-Reply-To", "References", "List-Id", "List-Unsubscribe",
                   "List-Unsubscribe-Post", "MIME-Version", "Content-Type", "Content-Transfer-Encoding"})
        many.push_back({n, " x"});
    auto v = sign(*make(o), many);
    std::string full = "DKIM-Signature:" + v[0];
    size_t start = 0, lines = 0;
    while (start <= full.size()) {
        size_t e = full.find("\r\n", start);
        std::string line = full.substr(start, e == std::string::npos ? e : e - start);
        size_t cols = line.size() + (line.starts_with("\t") ? 7 : 0);
        CAPTURE(line);
        CHECK(cols <= 78);
        CHECK((lines == 0 || line.starts_with("\t")));
        ++lines;
        if (e == std::string::npos) break;
        start = e + 2;
    }
    CHECK(lines >= 6);
    CHECK(tag(v[0], "b").size() == 344);  // 2048-bit signature in base64
    CHECK(v[0].rfind("b=") > v[0].rfind("bh="));
    CHECK(lf_folded(v[0]).find('\r') == std::string::npos);
}

TEST_CASE("LF and CRLF folds, and any body split, give the same signature") {
    Options o = short_form(keys().ed);  // Ed25519 is deterministic
    o.canon = {Canon::Simple, Canon::Simple};
    Headers crlf = kHeaders, lf = kHeaders;
    crlf.push_back({"Subject", " folded\r\n\tsubject"});
    lf.push_back({"Subject", " folded\n\tsubject"});
    auto s = make(o);
    std::string body = "line one  \r\n\r\nline three\r\n\r\n\r\n";
    auto want = sign(*s, crlf, body);
    CHECK(sign(*s, lf, body) == want);
    for (size_t chunk = 1; chunk < body.size(); ++chunk) CHECK(sign(*s, crlf, body, chunk) == want);
    crlf.back().second = " folded\r\n\tsubjecT";
    CHECK(sign(*s, crlf, body) != want);
}

TEST_CASE("messages that are not signed say why") {
    auto s = make(short_form(keys().ed));
    auto reason = [&](const Headers& hs, std::string_view env = "<alice@example.com>") {
        auto job = s->begin(env);
        for (const auto& [n, v] : hs) job->header(n, v);
        auto d = job->end_of_headers();
        CHECK_FALSE(d.sign);
        auto r = job->finish();
        CHECK((r && r->empty()));
        return d.reason;
    };
    CHECK(reason({{"Subject", " x"}}) == "0 From: header fields");
    CHECK(reason({{"From", " a@example.com"}, {"From", " b@example.com"}}) == "2 From: header fields");
    CHECK(reason({{"From", " undisclosed"}}) == "no address in From:");
    CHECK(reason({{"From", " a@other.example"}}) == "no signing table entry for a@other.example");
    CHECK(reason({{"From", " a@sub.example.com"}}) == "no signing table entry for a@sub.example.com");

    Options o = short_form(keys().ed);
    o.sign_by = SignBy::EnvelopeFrom;
    auto env = make(o);
    auto job = env->begin("<bounce@example.com>");
    job->header("From", " someone@elsewhere.example");
    CHECK(job->end_of_headers().sign);
    auto null = env->begin("<>");
    null->header("From", " a@example.com");
    CHECK(null->end_of_headers().reason == "null envelope sender");
}

TEST_CASE("signing table: first match, or all with multiple_signatures; % and i=") {
    const auto& k = keys();
    std::string kt = "rsakey example.com:rsa:" + k.rsa + "\nedkey example.com:ed:" + k.ed + "\nany %:dflt:" + k.ed + "\n";
    std::string st = "*@example.com rsakey @%\n*@example.com edkey\n*@*.example.com edkey user@other.example\n* any\n";
    auto one = sign(*make(tables(kt, st, false)), kHeaders);
    REQUIRE(one.size() == 1);
    CHECK(tag(one[0], "a") == "rsa-sha256");
    CHECK(tag(one[0], "i") == "@example.com");

    auto two = sign(*make(tables(kt, st, true)), kHeaders);
    REQUIRE(two.size() == 3);
    CHECK(tag(two[0], "a") == "rsa-sha256");
    CHECK(tag(two[1], "a") == "ed25519-sha256");
    CHECK(tag(two[1], "s") == "ed");
    CHECK(tag(two[1], "i") == "<none>");
    CHECK(tag(two[2], "s") == "dflt");
    CHECK(tag(two[0], "bh") == tag(two[1], "bh"));

    Headers sub = kHeaders;
    sub[1].second = " x@mail.example.com";
    auto s = sign(*make(tables(kt, st, false)), sub);
    CHECK(tag(s[0], "i") == "<none>");  // i= outside d= is left out
    sub[1].second = " x@elsewhere.example";
    auto pct = sign(*make(tables(kt, st, false)), sub);
    CHECK(tag(pct[0], "d") == "elsewhere.example");  // KeyTable domain "%"
}

TEST_CASE("Signer::create reports table and key errors with their place") {
    const auto& k = keys();
    auto bad = Signer::create(tables("edkey example.com:ed:" + k.ed + "\n", "*@example.com edkey\n*@x.example nokey\n", false));
    REQUIRE_FALSE(bad);
    CHECK(bad.error().message.find("SigningTable") != std::string::npos);
    CHECK(bad.error().message.find(":2:13: key name 'nokey' is not in the KeyTable") != std::string::npos);

    std::string loose = k.dir.file("loose.pem");
    std::ofstream(loose) << dkimtest::slurp(k.ed);
    chmod(loose.c_str(), 0644);
    auto insecure = Signer::create(tables("edkey example.com:ed:" + loose + "\n", "* edkey\n", false));
    REQUIRE_FALSE(insecure);
    CHECK(insecure.error().message.find(":1:22: " + loose + ": key file is accessible by others") != std::string::npos);
    Options ok = tables("edkey example.com:ed:" + loose + "\n", "* edkey\n", false);
    ok.allow_insecure_key_files = true;
    CHECK(Signer::create(ok));
    CHECK_FALSE(Signer::create(short_form(k.dir.file("absent.pem"))));
}
