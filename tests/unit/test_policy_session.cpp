// test_policy_session.cpp: the stage pipeline on a real Engine built from
// configuration text: access-map verdicts per stage, session rejections
// answered at HELO, recipient discard, protected recipients, greylisting with
// its exemptions, the DATA-delayed reply and on_store_error (a Redis address
// where nothing listens is a real failing store, not a mock).
#include <doctest/doctest.h>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "config/config.hpp"
#include "policy/engine.hpp"
#include "policy/session.hpp"

namespace fs = std::filesystem;
using mp::verdict::Action;
using mp::policy::Session;

namespace {

struct SessionDir {
    fs::path path;
    SessionDir() {
        char tmpl[] = "/tmp/mp-policy-XXXXXX";
        REQUIRE(mkdtemp(tmpl) != nullptr);
        path = tmpl;
    }
    ~SessionDir() { fs::remove_all(path); }
    std::string write(const std::string& name, const std::string& text) const {
        std::ofstream(path / name) << text;
        return (path / name).string();
    }
};

const char* kAccess =
    "cltaddr:192.0.2.66        error:550 5.7.1 Go away\n"
    "cltaddr:198.51.100        relay\n"
    "from:@spammer.example     error:553 5.7.1 No spammers\n"
    "to:root@example.test      error:551 5.7.1 No mail to root\n"
    "to:postmaster@example.test quick:ok\n"
    "to:nobody@example.test    discard\n"
    "protectedrcpt:list@example.test from:boss@example.org\n";

std::shared_ptr<const mp::policy::Engine> engine(const SessionDir& t, const std::string& extra) {
    std::string map = t.write("access", kAccess);
    std::string text = "access_map { file = \"" + map + "\"; }\n"
                       "protected_recipients { allow_by = { sender }; }\n" + extra;
    auto cfg = mp::config::parse(text, "test.conf", mp::policy::root_schema());
    if (!cfg) for (const auto& e : cfg.error().errors) MESSAGE(e);
    REQUIRE(cfg.has_value());
    auto e = mp::policy::Engine::create(std::move(*cfg));
    if (!e) for (const auto& x : e.error().errors) MESSAGE(x);
    REQUIRE(e.has_value());
    return *e;
}

std::string greylisting(const SessionDir& t, const std::string& more = "") {
    return "greylisting { grey_wait = 1h; " + more + " lmdb { path = \"" + (t.path / "grey").string() +
           "\"; sync = none; } }\n";
}

std::unique_ptr<Session> connected(std::shared_ptr<const mp::policy::Engine> e, const std::string& addr,
                                   const char* auth = "") {
    auto s = std::make_unique<Session>(std::move(e));
    CHECK(s->connect({addr, "client.example", "OK", "MTA-RX", ""}).action == Action::Continue);
    s->helo("client.example", {});
    CHECK(s->mail({"QID1", "alice@example.org", auth}).action == Action::Continue);
    return s;
}

}  // namespace

TEST_CASE("access verdicts per stage, with the map's reply") {
    SessionDir t;
    auto e = engine(t, "");
    Session s(e);
    CHECK(s.connect({"203.0.113.9", "", "", "", ""}).action == Action::Continue);
    auto spam = s.mail({"Q", "x@spammer.example", ""});
    CHECK(spam.action == Action::Reject);
    CHECK(spam.reply.code == "553");
    CHECK(spam.reply.text == "No spammers");
    CHECK(s.mail({"Q", "alice@example.org", ""}).action == Action::Continue);
    auto root = s.rcpt("<root@example.test>");
    CHECK(root.action == Action::Reject);
    CHECK(root.reply.str() == "551 5.7.1 No mail to root");
    CHECK(s.rcpt("<bob@example.test>").action == Action::Continue);
}

TEST_CASE("a refused client is answered at HELO and again at MAIL") {
    SessionDir t;
    Session s(engine(t, ""));
    CHECK(s.connect({"192.0.2.66", "", "", "", ""}).action == Action::Continue);
    auto h = s.helo("bad.example", {});
    CHECK(h.action == Action::Reject);
    CHECK(h.reply.text == "Go away");
    CHECK(s.mail({"Q", "a@example.org", ""}).action == Action::Reject);
}

TEST_CASE("discarded recipients are deleted at end of data; all of them discard the message") {
    SessionDir t;
    auto e = engine(t, "");
    auto ps = connected(e, "203.0.113.9");
    Session& s = *ps;
    CHECK(s.rcpt("<nobody@example.test>").action == Action::Continue);
    CHECK(s.rcpt("<bob@example.test>").action == Action::Continue);
    auto v = s.eom();
    CHECK(v.action == Action::Continue);
    REQUIRE(v.del_rcpts.size() == 1);
    CHECK(v.del_rcpts[0] == "<nobody@example.test>");
    CHECK(s.mail({"Q2", "alice@example.org", ""}).action == Action::Continue);
    CHECK(s.rcpt("<nobody@example.test>").action == Action::Continue);
    CHECK(s.eom().action == Action::Discard);
}

TEST_CASE("protected recipients: only the listed sender") {
    SessionDir t;
    auto e = engine(t, "");
    auto ps = connected(e, "203.0.113.9");
    Session& s = *ps;
    auto v = s.rcpt("<list@example.test>");
    CHECK(v.action == Action::Reject);
    CHECK(v.reply.code == "550");
    Session boss(e);
    boss.connect({"203.0.113.9", "", "", "", ""});
    boss.mail({"Q", "boss@example.org", ""});
    CHECK(boss.rcpt("<list@example.test>").action == Action::Continue);
}

TEST_CASE("greylisting and its exemptions") {
    SessionDir t;
    auto e = engine(t, greylisting(t));
    struct Case { const char* addr; const char* auth; const char* rcpt; Action want; };
    const Case cases[] = {
        {"203.0.113.9", "", "<bob@example.test>", Action::Tempfail},        // new client
        {"203.0.113.9", "", "<carol@example.test>", Action::Tempfail},      // retry too early
        {"198.51.100.7", "", "<bob@example.test>", Action::Continue},       // cltaddr: relay
        {"203.0.113.10", "alice", "<bob@example.test>", Action::Continue},  // authenticated
        {"203.0.113.11", "", "<postmaster@example.test>", Action::Continue},  // to: quick:ok
        {"", "", "<bob@example.test>", Action::Continue},                   // no client address
    };
    for (const auto& c : cases) {
        CAPTURE(c.addr);
        CAPTURE(c.rcpt);
        auto ps = connected(e, c.addr, c.auth);
        Session& s = *ps;
        auto v = s.rcpt(c.rcpt);
        CHECK(v.action == c.want);
        if (c.want == Action::Tempfail) CHECK(v.reply.code + " " + v.reply.xcode == "451 4.7.1");
    }
}

TEST_CASE("delay_greylisting_error_until_DATA answers at DATA") {
    SessionDir t;
    auto e = engine(t, greylisting(t, "flags = { delay_greylisting_error_until_DATA };"));
    auto ps = connected(e, "203.0.113.9");
    Session& s = *ps;
    CHECK(s.rcpt("<bob@example.test>").action == Action::Continue);
    auto d = s.data();
    CHECK(d.action == Action::Tempfail);
    CHECK(d.reply.code == "451");
    CHECK(s.mail({"Q2", "alice@example.org", ""}).action == Action::Continue);  // next transaction starts clean
}

TEST_CASE("a failing greylisting store gives on_store_error") {
    SessionDir t;
    // Port 1 on loopback: connection refused, at once.
    const std::string redis = "store = redis; redis { address = 127.0.0.1; port = 1; timeout = 1s; } ";
    for (const char* action : {"tempfail", "accept"}) {
        CAPTURE(action);
        auto e = engine(t, "greylisting { " + redis + "on_store_error = " + action + "; }\n");
        auto ps = connected(e, "203.0.113.9");
    Session& s = *ps;
        auto v = s.rcpt("<bob@example.test>");
        if (std::string(action) == "tempfail") {
            CHECK(v.action == Action::Tempfail);
            CHECK(v.reply.code == "451");
        } else {
            CHECK(v.action == Action::Continue);
        }
        CHECK(v.reason.find("greylisting store failed") != std::string::npos);
    }
}

TEST_CASE("eom_may_block: a DNS wait at end of data over 60 s (DKIM keys + DMARC), not the defaults' 10 s") {
    SessionDir t;
    struct Case {
        const char* conf;
        bool blocks;
    };
    const std::string dns = "dns { servers = { 127.0.0.1 }; }\n";
    for (const Case c : {Case{"", false}, Case{"dkim_verify { }\n", false}, Case{"dmarc { }\n", false},
                         Case{"dkim_verify { }\ndmarc { }\n", false},
                         Case{"dkim_verify { timeout = 60s; }\n", false},
                         Case{"dkim_verify { timeout = 31s; }\ndmarc { timeout = 30s; }\n", true},
                         Case{"dkim_verify { timeout = 60s; }\ndmarc { timeout = 60s; }\n", true},
                         Case{"spf { }\nauthentication_results { }\n", false}}) {
        CAPTURE(c.conf);
        Session s(engine(t, dns + c.conf));
        CHECK(s.eom_may_block() == c.blocks);
    }
}

TEST_CASE("skip_spf_pass_from: its file's errors at file:line:column, and it needs SPF at MAIL") {
    SessionDir t;
    std::string good = t.write("good-list", "example.org\n");
    std::string bad = t.write("bad-list", "example.org\nuser@example.net\n");
    struct Case {
        std::string conf;
        std::string error;  // "" = builds
    };
    auto grey = [&](const std::string& list) {
        return "greylisting { skip_spf_pass_from = \"file:" + list + "\"; lmdb { path = \"" + (t.path / "g").string() +
               "\"; sync = none; } }\n";
    };
    const std::string spf = "dns { servers = { 127.0.0.1 }; }\nspf { }\n";
    for (const Case& c : {Case{spf + grey(good), ""}, Case{spf + grey(bad), bad + ":2:5: unexpected '@'"},
                          Case{grey(good), "skip_spf_pass_from needs an spf section with mail = yes"},
                          Case{spf + grey(t.path.string() + "/missing"), "missing: cannot open"},
                          Case{spf + "greylisting { skip_spf_pass_from = \"" + good + "\"; }\n",
                               "expected \"file:/absolute/path\""}}) {
        CAPTURE(c.conf);
        auto cfg = mp::config::parse(c.conf, "test.conf", mp::policy::root_schema());
        if (!cfg) {
            REQUIRE_FALSE(c.error.empty());
            CHECK(cfg.error().errors.at(0).find(c.error) != std::string::npos);
            continue;
        }
        auto e = mp::policy::Engine::create(std::move(*cfg));
        CHECK(e.has_value() == c.error.empty());
        if (!e) {
            CAPTURE(e.error().errors.at(0));
            CHECK(e.error().errors.at(0).find(c.error) != std::string::npos);
        }
    }
}
