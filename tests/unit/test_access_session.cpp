// test_access_session.cpp: the stage checks of sendmail X README 3.12.2 through a
// SessionChecks object: connect order, MAIL and RCPT skip conditions,
// delay_checks x quick:, soft_bounce, discard, trusted sessions, TLS certs.
#include <doctest/doctest.h>

#include "access/session.hpp"

using namespace mp::access;
using K = Decision::Kind;

namespace {

const char* kMap =
    "cltaddr:10 error:551 5.7.1 No direct mail from 10.x.y.z\n"
    "cltaddr:10.9 quick:error:554 5.7.1 Go away now\n"
    "cltaddr:10.8 cont\n"
    "cltaddr:127.0.0.1 quick:relay\n"
    "cltaddr:192.0.2.7 quick:ok\n"
    "cltaddr:192.0.2.8 ok\n"
    "cltaddr:192.0.2.66 discard\n"
    "cltaddr:2001:db8::/32 relay\n"
    "cltresolve:tempptr error:451 4.7.1 reverse lookup failed\n"
    "cltresolve:no cont\n"
    "cltname:spammer.domain quick:error:551 5.7.1 No mail from spammers\n"
    "cltname:.dialup.example error:550 5.7.1 Dialup\n"
    "from:@spammer.domain error:551 5.7.1 No spammers\n"
    "from:boss@example.com quick:error:553 5.7.1 Impostor\n"
    "from:@discard.example discard\n"
    "from:ok@example.com ok\n"
    "mxbadip:127.0.0.1 error:551 5.7.1 Bad IP address 127.0.0.1 in MX/A list\n"
    "to:abuse quick:ok\n"
    "to:postmaster ok\n"
    "to:root error:551 5.7.1 No mail to root\n"
    "to:@primary.domain quick:relay\n"
    "to:trash@example.com discard\n"
    "to:blackhole@example.com quick:discard\n"
    "certissuer:/C=US/O=Good+20CA relay\n"
    "certissuer:/C=US/O=Some+20CA cont\n"
    "certsubject:/C=US/CN=DeathStar relay\n";

std::shared_ptr<const AccessMap> the_map() {
    static auto m = [] {
        auto r = AccessMap::parse(kMap, "session-test", Options{});
        REQUIRE(r);
        return std::make_shared<const AccessMap>(std::move(*r));
    }();
    return m;
}

SessionChecks session(bool delay = false, bool soft = false) { return SessionChecks(the_map(), {delay, soft}); }

ConnectFacts client(const char* addr, const char* name = "", const char* resolve = "") { return {addr, name, resolve}; }

}  // namespace

TEST_CASE("connect: cltaddr, then cltresolve, then cltname; cont goes on") {
    struct Case { ConnectFacts f; K kind; const char* reply; const char* matched; };
    const Case cases[] = {
        {client("10.1.2.3"), K::Reject, "551 5.7.1 No direct mail from 10.x.y.z", "cltaddr:10\terror:551 5.7.1 No direct mail from 10.x.y.z"},
        {client("10.9.1.1"), K::Reject, "554 5.7.1 Go away now", "cltaddr:10.9\tquick:error:554 5.7.1 Go away now"},
        // cont on cltaddr: the 10 entry is NOT consulted (cont stops this lookup), cltresolve is
        {client("10.8.1.1", "[10.8.1.1]", "TEMP"), K::Tempfail, "451 4.7.1 reverse lookup failed", "cltresolve:tempptr\terror:451 4.7.1 reverse lookup failed"},
        {client("10.8.1.1", "h.example", "OK"), K::None, "", ""},
        {client("192.0.2.1", "spammer.domain", "OK"), K::Reject, "551 5.7.1 No mail from spammers", "cltname:spammer.domain\tquick:error:551 5.7.1 No mail from spammers"},
        {client("192.0.2.1", "a.b.dialup.example", "OK"), K::Reject, "550 5.7.1 Dialup", "cltname:.dialup.example\terror:550 5.7.1 Dialup"},
        {client("192.0.2.1", "dialup.example", "OK"), K::None, "", ""},
        // a name that did not verify is not looked up (cltresolve:no is cont)
        {client("192.0.2.1", "spammer.domain", "FORGED"), K::None, "", ""},
        {client("192.0.2.1", "spammer.domain", "FAIL"), K::None, "", ""},
        {client("192.0.2.1", "[192.0.2.1]", ""), K::None, "", ""},
        {client("192.0.2.1", "spammer.domain", ""), K::Reject, "551 5.7.1 No mail from spammers", "cltname:spammer.domain\tquick:error:551 5.7.1 No mail from spammers"},
        {client("127.0.0.1"), K::Relay, "", "cltaddr:127.0.0.1\tquick:relay"},
        {client("IPv6:2001:db8::25"), K::Relay, "", "cltaddr:2001:db8::/32\trelay"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.f.client_addr);
        CAPTURE(c.f.client_name);
        auto s = session();
        Decision d = s.on_connect(c.f);
        CHECK(d.kind == c.kind);
        CHECK(d.reply.str() == c.reply);
        CHECK(d.matched == c.matched);
    }
}

TEST_CASE("client_resolve mapping") {
    CHECK(SessionChecks::resolve_key("OK") == "ok");
    CHECK(SessionChecks::resolve_key("FAIL") == "no");
    CHECK(SessionChecks::resolve_key("FORGED") == "no");
    CHECK(SessionChecks::resolve_key("TEMP") == "tempptr");
    CHECK(SessionChecks::resolve_key("tempa") == "tempa");
    CHECK(SessionChecks::resolve_key("") == "");
    CHECK(SessionChecks::resolve_key("MAYBE") == "");
}

TEST_CASE("delay_checks x quick: table") {
    struct Case {
        const char* name;
        bool delay;
        const char* client;
        const char* sender;
        const char* rcpt;
        K at_connect, at_mail, at_rcpt;
    };
    const Case cases[] = {
        {"connect reject, no delay: immediate", false, "10.1.1.1", "a@b.c", "x@y.z", K::Reject, K::Reject, K::Reject},
        {"connect reject + delay + to: quick:ok -> accepted", true, "10.1.1.1", "a@b.c", "abuse@y.z", K::None, K::None, K::Ok},
        {"connect reject + delay + to: quick:relay -> accepted", true, "10.1.1.1", "a@b.c", "u@primary.domain", K::None, K::None, K::Relay},
        {"connect reject + delay, no quick -> rejected at RCPT", true, "10.1.1.1", "a@b.c", "x@y.z", K::None, K::None, K::Reject},
        {"connect reject + delay + to: ok (not quick) -> rejected", true, "10.1.1.1", "a@b.c", "postmaster@y.z", K::None, K::None, K::Reject},
        {"quick:error at connect with delay: immediate", true, "10.9.9.9", "a@b.c", "abuse@y.z", K::Reject, K::Reject, K::Reject},
        {"MAIL reject, no delay", false, "192.0.2.1", "x@spammer.domain", "abuse@y.z", K::None, K::Reject, K::Ok},
        {"MAIL reject + delay + to: quick:ok", true, "192.0.2.1", "x@spammer.domain", "abuse@y.z", K::None, K::None, K::Ok},
        {"MAIL reject + delay, plain rcpt", true, "192.0.2.1", "x@spammer.domain", "x@y.z", K::None, K::None, K::Reject},
        {"MAIL quick:error + delay: immediate", true, "192.0.2.1", "boss@example.com", "abuse@y.z", K::None, K::Reject, K::Ok},
        {"no rejections: to: error", true, "192.0.2.1", "a@b.c", "root@y.z", K::None, K::None, K::Reject},
    };
    for (const auto& c : cases) {
        CAPTURE(c.name);
        auto s = session(c.delay);
        Decision con = s.on_connect(client(c.client));
        CHECK(con.kind == c.at_connect);
        CHECK(s.on_mail(c.sender).kind == c.at_mail);
        CHECK(s.on_rcpt(c.rcpt).kind == c.at_rcpt);
    }
}

TEST_CASE("a delayed rejection keeps its text and origin, and is logged as delayed") {
    auto s = session(true);
    Decision con = s.on_connect(client("10.1.1.1"));
    CHECK(con.kind == K::None);
    CHECK(con.delayed);
    CHECK(con.matched == "cltaddr:10\terror:551 5.7.1 No direct mail from 10.x.y.z");
    CHECK(s.on_mail("<a@b.c>").kind == K::None);
    Decision r = s.on_rcpt("<x@y.z>");
    CHECK(r.kind == K::Reject);
    CHECK(r.reply.str() == "551 5.7.1 No direct mail from 10.x.y.z");
    CHECK(r.stage == "connect");
    CHECK(s.on_rcpt("<abuse@y.z>").kind == K::Ok);  // each RCPT on its own
    CHECK(s.on_rcpt("<x2@y.z>").kind == K::Reject);
    // a MAIL rejection lasts one transaction only
    auto m = session(true);
    m.on_connect(client("192.0.2.1"));
    m.on_mail("x@spammer.domain");
    CHECK(m.on_rcpt("x@y.z").kind == K::Reject);
    CHECK(m.on_mail("fine@example.org").kind == K::None);
    CHECK(m.on_rcpt("x@y.z").kind == K::None);
}

TEST_CASE("soft_bounce applies to immediate and delayed rejections") {
    auto s = session(true, true);
    s.on_connect(client("10.1.1.1"));
    Decision d = s.on_rcpt("x@y.z");
    CHECK(d.kind == K::Tempfail);
    CHECK(d.reply.str() == "451 4.7.1 No direct mail from 10.x.y.z");
    auto q = session(false, true);
    CHECK(q.on_connect(client("10.9.0.1")).reply.str() == "454 4.7.1 Go away now");
    auto t = session(false, true);
    t.on_connect(client("192.0.2.1"));
    CHECK(t.on_mail("a@b.c").kind == K::None);
    CHECK(t.on_rcpt("root@x").reply.str() == "451 4.7.1 No mail to root");
}

TEST_CASE("MAIL: skipped for <> and after session quick:ok / quick:relay") {
    auto s = session();
    s.on_connect(client("192.0.2.1"));
    CHECK(s.on_mail("<>").kind == K::None);
    CHECK(s.on_mail("x@spammer.domain").kind == K::Reject);
    CHECK(s.on_mail("ok@example.com").kind == K::Ok);
    for (const char* trusted : {"127.0.0.1", "192.0.2.7"}) {
        CAPTURE(trusted);
        auto t = session();
        Decision c = t.on_connect(client(trusted));
        CHECK(c.trusted);
        CHECK(t.on_mail("x@spammer.domain").kind == K::None);
        CHECK(t.on_rcpt("root@x").kind == K::None);  // to: skipped as well
        CHECK(t.trusted());
    }
    // ok without quick: trusted, but from: and to: are still checked
    auto plain = session();
    CHECK(plain.on_connect(client("192.0.2.8")).kind == K::Ok);
    CHECK(plain.trusted());
    CHECK(plain.on_mail("x@spammer.domain").kind == K::Reject);
    CHECK(plain.on_rcpt("root@x").kind == K::Reject);
}

TEST_CASE("MAIL: mxbadip for the sender domain's addresses when the caller has them") {
    auto s = session();
    s.on_connect(client("192.0.2.1"));
    std::vector<mp::util::IpAddr> mx{*mp::util::IpAddr::parse("192.0.2.200"), *mp::util::IpAddr::parse("127.0.0.1")};
    Decision d = s.on_mail("a@b.c", mx);
    CHECK(d.kind == K::Reject);
    CHECK(d.matched == "mxbadip:127.0.0.1\terror:551 5.7.1 Bad IP address 127.0.0.1 in MX/A list");
    CHECK(s.on_mail("a@b.c", {*mp::util::IpAddr::parse("192.0.2.200")}).kind == K::None);
}

TEST_CASE("discard: session, transaction, recipient") {
    auto s = session();
    CHECK(s.on_connect(client("192.0.2.66")).kind == K::DiscardSession);
    CHECK(s.on_mail("a@b.c").kind == K::DiscardSession);
    CHECK(s.on_rcpt("abuse@x").kind == K::DiscardSession);
    CHECK(s.transaction_discarded());

    auto t = session();
    t.on_connect(client("192.0.2.1"));
    CHECK(t.on_mail("x@discard.example").kind == K::DiscardTransaction);
    CHECK(t.on_rcpt("abuse@x").kind == K::DiscardTransaction);
    CHECK(t.transaction_discarded());
    CHECK(t.on_mail("x@elsewhere.example").kind == K::None);  // next transaction is clean
    CHECK_FALSE(t.transaction_discarded());

    auto r = session();
    r.on_connect(client("192.0.2.1"));
    r.on_mail("a@b.c");
    CHECK(r.on_rcpt("<Trash@Example.com>").kind == K::DiscardRcpt);
    CHECK(r.on_rcpt("x@y.z").kind == K::None);
    CHECK(r.discarded_rcpts() == std::vector<std::string>{"Trash@Example.com"});
    CHECK_FALSE(r.transaction_discarded());
    CHECK(r.on_rcpt("blackhole@example.com").kind == K::DiscardTransaction);  // quick:discard
    CHECK(r.transaction_discarded());
    CHECK(r.on_rcpt("x@y.z").kind == K::DiscardTransaction);
    r.reset_transaction();
    CHECK(r.discarded_rcpts().empty());
}

TEST_CASE("TLS: certissuer relay, or cont then certsubject relay; verified certs only") {
    struct Case { bool verified; const char* issuer; const char* subject; K kind; };
    const Case cases[] = {
        {true, "/C=US/O=Good+20CA", "/CN=anyone", K::Relay},
        {false, "/C=US/O=Good+20CA", "/CN=anyone", K::None},
        {true, "/C=US/O=Some+20CA", "/C=US/CN=DeathStar", K::Relay},
        {true, "/C=US/O=Some+20CA", "/C=US/CN=Luke", K::None},
        {true, "/C=US/O=Other+20CA", "/C=US/CN=DeathStar", K::None},  // subject only after cont
    };
    for (const auto& c : cases) {
        CAPTURE(c.issuer);
        CAPTURE(c.subject);
        auto s = session();
        s.on_connect(client("192.0.2.1"));
        Decision d = s.on_tls({c.verified, c.issuer, c.subject});
        CHECK(d.kind == c.kind);
        CHECK(s.trusted() == (c.kind == K::Relay));
    }
}

TEST_CASE("no access map: nothing is decided") {
    SessionChecks s(nullptr, {true, true});
    CHECK(s.on_connect(client("10.1.1.1")).kind == K::None);
    CHECK(s.on_tls({true, "/CN=x", "/CN=y"}).kind == K::None);
    CHECK(s.on_mail("x@spammer.domain").kind == K::None);
    CHECK(s.on_rcpt("root@x").kind == K::None);
}
