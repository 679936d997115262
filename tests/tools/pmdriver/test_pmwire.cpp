// test_pmwire.cpp: unit tests of the pure parts of the in-tree libpmilter and
// mp-pmdriver: frames and field lists (pmilter/api/wire), names, reply
// checking and macro-request rules (names), socket specs (listen), the
// message as smtps passes it on and its chunking (message), and script
// errors with file:line:column (script). Table-driven; no sockets.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "listen.hpp"
#include "message.hpp"
#include "names.hpp"
#include "script.hpp"
#include "sm/pmfdef.h"
#include "sm/smreplycodes.h"
#include "wire.hpp"

using namespace mp;

namespace {

std::string be32(std::uint32_t v) {
    return {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8), static_cast<char>(v)};
}

}  // namespace

TEST_CASE("frames: encode, then read back fed in every split") {
    pmapi::Frame f = pmapi::make_frame('M', 7, {"<a@b>", std::nullopt, ""});
    std::string bytes = pmapi::encode(f) + pmapi::encode(pmapi::Frame{'B', 7, std::string("x\0y", 3)});
    CHECK(bytes.substr(0, 9) == be32(5 + f.payload.size()) + "M" + be32(7));
    for (std::size_t cut = 0; cut <= bytes.size(); ++cut) {
        pmapi::FrameReader r;
        std::vector<pmapi::Frame> got;
        for (auto part : {bytes.substr(0, cut), bytes.substr(cut)}) {
            r.feed(part.data(), part.size());
            for (auto n = r.next(); n && *n; n = r.next()) got.push_back(**n);
        }
        REQUIRE(got.size() == 2);
        CHECK(got[0].type == 'M');
        CHECK(got[0].session == 7);
        CHECK(got[1].payload == std::string("x\0y", 3));
        auto fields = pmapi::decode_fields(got[0].payload);
        REQUIRE(fields);
        CHECK(*fields == pmapi::Fields{"<a@b>", std::nullopt, ""});
    }
}

TEST_CASE("frames: malformed input is an error, and stays one") {
    struct Case {
        std::string bytes, error;
    } cases[] = {
        {be32(4) + "N" + be32(0), "bad frame length 4"},
        {be32(5 + 65537) + "B" + be32(1), "bad frame length 65542"},
        {be32(5) + "Z" + be32(0), "unknown frame type 0x5a"},
        {be32(5) + std::string(1, '\0') + be32(0), "unknown frame type 0x00"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.error);
        pmapi::FrameReader r;
        r.feed(c.bytes.data(), c.bytes.size());
        auto n = r.next();
        REQUIRE(!n);
        CHECK(n.error().message == c.error);
        std::string ok = pmapi::encode(pmapi::Frame{'N', 0, ""});
        r.feed(ok.data(), ok.size());
        CHECK(!r.next());
    }
    pmapi::FrameReader r;
    std::string max = pmapi::encode(pmapi::Frame{'B', 1, std::string(pmapi::kMaxPayload, 'x')});
    r.feed(max.data(), max.size());
    auto n = r.next();
    REQUIRE(n);
    CHECK((*n)->payload.size() == pmapi::kMaxPayload);
}

TEST_CASE("field lists: truncation and overruns are errors") {
    struct Case {
        std::string payload;
        bool ok;
    } cases[] = {
        {"", true},
        {be32(0), true},
        {be32(0xffffffff), true},
        {be32(3) + "abc", true},
        {be32(4) + "abc", false},
        {std::string("\0\0", 2), false},
        {be32(1) + "a" + be32(2), false},
    };
    for (const auto& c : cases) CHECK(static_cast<bool>(pmapi::decode_fields(c.payload)) == c.ok);
}

TEST_CASE("reply texts: lines checked, final CRLF added") {
    struct Case {
        const char* in;
        const char* out;  // nullptr: refused
    } cases[] = {
        {"550 5.7.1 no", "550 5.7.1 no\r\n"},
        {"451 4.3.0 later\r\n", "451 4.3.0 later\r\n"},
        {"550-5.7.1 a\r\n550 5.7.1 b", "550-5.7.1 a\r\n550 5.7.1 b\r\n"},
        {"250", "250\r\n"},
        {"650 no", nullptr},
        {"55 short", nullptr},
        {"550x5.7.1", nullptr},
        {"550 a\nb", nullptr},
        {"", nullptr},
    };
    for (const auto& c : cases) {
        CAPTURE(c.in);
        auto r = pmapi::normalize_reply(c.in);
        if (c.out) { REQUIRE(r); CHECK(*r == c.out); }
        else CHECK(!r);
    }
    CHECK(*pmapi::default_reply(SMTP_R_TEMP) == "451 4.3.0 Temporary failure\r\n");
    CHECK(*pmapi::default_reply(SMTP_R_PERM) == "550 5.7.1 Command rejected\r\n");
    CHECK(*pmapi::default_reply(SMTP_R_SSD) == "421 4.7.0 Service shutting down\r\n");
    CHECK(!pmapi::default_reply(SMTP_R_CONT));
}

TEST_CASE("macro requests: count, ids and stages") {
    struct Case {
        unsigned stage;
        std::vector<std::uint32_t> ids;
        bool ok;
    } cases[] = {
        {PM_SMST_CONNECT, {PMM_SEID, PMM_SRVHOSTNAME}, true},
        {PM_SMST_CONNECT, std::vector<std::uint32_t>(PM_MACROS_MAX, PMM_SEID), true},
        {PM_SMST_CONNECT, std::vector<std::uint32_t>(PM_MACROS_MAX + 1, PMM_SEID), false},
        {PM_SMST_EHLO, {PMM_MAIL_TAID}, false},
        {PM_SMST_MAIL, {PMM_MAIL_TAID}, true},
        {PM_SMST_DOT, {PMM_MAIL_TAID, PMM_DOT_MSGID}, true},
        {PM_SMST_DATA, {PMM_DOT_MSGID}, false},
        {PM_SMST_MAIL, {999}, false},
        {PM_SMST_MAX, {}, false},
    };
    for (const auto& c : cases) CHECK(static_cast<bool>(pmapi::check_macro_request(c.stage, c.ids)) == c.ok);
}

TEST_CASE("names round-trip") {
    for (int code : {SMTP_R_CONT, SMTP_R_OK, SMTP_R_ACCEPT, SMTP_R_TEMP, SMTP_R_PERM, SMTP_R_DISCARD, SMTP_R_SSD, SMTP_R_RPLCMSG})
        CHECK(*pmapi::code_from_name(pmapi::code_name(code)) == code);
    CHECK(pmapi::code_name(-1) == nullptr);
    CHECK(*pmapi::macro_from_name("PMM_DOT_MSGID") == PMM_DOT_MSGID);
    CHECK(*pmapi::stage_from_name("dot") == PM_SMST_DOT);
    CHECK(!pmapi::stage_from_name("eom"));
}

TEST_CASE("sm_pmfi_setconn specs") {
    struct Case {
        const char* spec;
        bool ok;
        pmapi::ListenSpec::Kind kind;
        const char* where;
        unsigned port;
    } cases[] = {
        {"unix:/run/pm.sock", true, pmapi::ListenSpec::Kind::Unix, "/run/pm.sock", 0},
        {"local:/run/pm.sock", true, pmapi::ListenSpec::Kind::Unix, "/run/pm.sock", 0},
        {"/run/pm.sock", true, pmapi::ListenSpec::Kind::Unix, "/run/pm.sock", 0},
        {"inet:3333@127.0.0.1", true, pmapi::ListenSpec::Kind::Inet, "127.0.0.1", 3333},
        {"inet:25@[::1]", true, pmapi::ListenSpec::Kind::Inet, "::1", 25},
        {"inet:3333@localhost", false, {}, "", 0},
        {"inet:70000@127.0.0.1", false, {}, "", 0},
        {"inet:@127.0.0.1", false, {}, "", 0},
        {"unix:relative", false, {}, "", 0},
        {"3333@127.0.0.1", false, {}, "", 0},
        {"", false, {}, "", 0},
    };
    for (const auto& c : cases) {
        CAPTURE(c.spec);
        auto s = pmapi::parse_spec(c.spec);
        REQUIRE(static_cast<bool>(s) == c.ok);
        if (!c.ok) continue;
        CHECK(s->kind == c.kind);
        CHECK((c.kind == pmapi::ListenSpec::Kind::Unix ? s->path : s->addr) == c.where);
        CHECK(s->port == c.port);
    }
}

TEST_CASE("the message as smtps passes it: CRLF, dot-stuffed; chunking") {
    struct Case {
        const char* in;
        const char* out;
    } cases[] = {
        {"a\nb", "a\r\nb\r\n"},
        {"a\r\nb\r\n", "a\r\nb\r\n"},
        {".\n..x\n", "..\r\n...x\r\n"},
        {"x.\n.", "x.\r\n..\r\n"},
        {"", "\r\n"},
    };
    for (const auto& c : cases) CHECK(pmdriver::wire_message(c.in) == c.out);
    std::string data(100, 'x');
    for (const char* mode : {"every", "7", "65536", "random", "random:42"}) {
        CAPTURE(mode);
        auto sp = pmdriver::parse_split(mode);
        REQUIRE(sp);
        std::string joined;
        for (const auto& c : pmdriver::cut(data, *sp)) {
            CHECK(!c.empty());
            joined += c;
        }
        CHECK(joined == data);
    }
    CHECK(pmdriver::cut(data, *pmdriver::parse_split("every")).size() == 100);
    for (const char* bad : {"0", "65537", "x", "random:", "randomx", ""}) CHECK(!pmdriver::parse_split(bad));
}

TEST_CASE("script errors name file:line:column") {
    struct Case {
        const char* text;
        const char* error;
    } cases[] = {
        {"session a\nconnect h 300.1.1.1\n", "s:2:11: not an IPv4 or IPv6 address: 300.1.1.1"},
        {"macro mail PMM_NOPE=1\n", "s:1:12: want ID=VALUE with an id of sm/pmfdef.h: PMM_NOPE=1"},
        {"macro eom PMM_SEID=1\n", "s:1:7: not a stage (connect ehlo mail rcpt data dot): eom"},
        {"\n# c\nsplit 0\n", "s:3:7: chunk size must be 1..65536"},
        {"expect MAYBE\n", "s:1:8: not a code name or SMTP code: MAYBE"},
        {"frobnicate\n", "s:1:1: unknown command: frobnicate"},
        {"eom now\n", "s:1:1: wrong number of arguments for eom"},
        {"body \"open\n", "s:1:6: unterminated quote"},
        {"session a conn 0\n", "s:1:11: want: session NAME [conn N]"},
    };
    for (const auto& c : cases) {
        auto s = pmdriver::parse_script(c.text, "s", ".");
        REQUIRE(!s);
        CHECK(s.error().message == c.error);
    }
    auto ok = pmdriver::parse_script("session a conn 2\nmacro mail PMM_MAIL_TAID=\"T 1\"\nexpect 550 550 5.7.1 no\n", "s", ".");
    REQUIRE(ok);
    CHECK(ok->lines.size() == 3);
    CHECK(ok->lines[1].args[1] == "PMM_MAIL_TAID=T 1");
    CHECK(ok->lines[2].rest2 == "550 5.7.1 no");
}
