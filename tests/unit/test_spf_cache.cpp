// test_spf_cache.cpp: the SPF result cache (spf/cache.hpp) with `now` given:
// what a stored result may answer (address, identity, domain, and the
// local-part or HELO name when the record's macros read them), how long it
// lives (the smallest TTL seen, capped), what is never kept, the LRU bound;
// and the header texts describe() writes, equal for fresh and cached results.
#include <doctest/doctest.h>

#include "spf/cache.hpp"

using namespace mp::spf;

namespace {

CacheQuery query(std::string ip, std::string domain, std::string local, std::string helo = "mx.client.test") {
    return {std::move(ip), Identity::MailFrom, std::move(domain), std::move(local), std::move(helo)};
}

Trace trace(uint32_t ttl, std::string_view record) {
    Trace t;
    t.answer(ttl);
    t.text(record);
    return t;
}

Cached fail_result(std::string exp = "") { return {Status::Fail, "", std::move(exp)}; }

}  // namespace

TEST_CASE("macro_use finds the macros that read more than address and domain") {
    struct Case {
        const char* text;
        bool local, helo, time;
    };
    for (const Case c : {Case{"v=spf1 ip4:192.0.2.0/24 -all", false, false, false},
                         Case{"v=spf1 exists:%{l}._spf.%{d} -all", true, false, false},
                         Case{"v=spf1 exists:%{S}.x.test -all", true, false, false},
                         Case{"v=spf1 exists:%{lr-}.%{o} -all", true, false, false},
                         Case{"v=spf1 a:%{h} -all", false, true, false},
                         Case{"v=spf1 exists:%{ir}.%{v}.%{d} exists:%{p}.x -all", false, false, false},
                         Case{"%{i} sent mail at %{t}", false, false, true},
                         Case{"100%% %{d} not %%{l}", false, false, false},
                         Case{"%_%{c}%-", false, false, false}}) {
        CAPTURE(c.text);
        MacroUse u = macro_use(c.text);
        CHECK(u.local == c.local);
        CHECK(u.helo == c.helo);
        CHECK(u.time == c.time);
    }
}

TEST_CASE("a result answers the same address and domain, nothing else") {
    ResultCache cache({.max_entries = 100, .max_ttl = 3600});
    cache.put(query("192.0.2.1", "Example.TEST", "alice"), trace(300, "v=spf1 ip4:192.0.2.1 -all"),
              {Status::Pass, "", ""}, 1000);
    struct Case {
        CacheQuery q;
        bool hit;
    };
    for (const auto& c : {Case{query("192.0.2.1", "example.test", "alice"), true},
                          Case{query("192.0.2.1", "example.test.", "bob", "other.helo"), true},
                          Case{query("192.0.2.2", "example.test", "alice"), false},
                          Case{query("192.0.2.1", "sub.example.test", "alice"), false},
                          Case{{"192.0.2.1", Identity::Helo, "example.test", "postmaster", "example.test"}, false}}) {
        CAPTURE(c.q.ip);
        CAPTURE(c.q.domain);
        auto got = cache.get(c.q, 1100);
        REQUIRE(bool(got) == c.hit);
        if (got) CHECK(got->result == Status::Pass);
    }
}

TEST_CASE("IPv6 addresses are one key however they are written") {
    ResultCache cache({.max_entries = 100, .max_ttl = 3600});
    cache.put(query("IPv6:2001:DB8:0:0::7", "example.test", "a"), trace(60, "v=spf1 ip6:2001:db8::/32 -all"),
              {Status::Pass, "", ""}, 0);
    CHECK(cache.get(query("2001:db8::7", "example.test", "a"), 10));
}

TEST_CASE("a %{l} record does not answer another local part") {
    ResultCache cache({.max_entries = 100, .max_ttl = 3600});
    Trace t = trace(300, "v=spf1 exists:%{l}._spf.%{d} -all");
    cache.put(query("192.0.2.1", "macro.test", "alice"), t, {Status::Pass, "", ""}, 1000);
    auto alice = cache.get(query("192.0.2.1", "macro.test", "alice", "another.helo"), 1001);
    REQUIRE(alice);
    CHECK(alice->result == Status::Pass);
    CHECK_FALSE(cache.get(query("192.0.2.1", "macro.test", "bob"), 1001));
    cache.put(query("192.0.2.1", "macro.test", "bob"), t, fail_result(), 1002);
    CHECK(cache.get(query("192.0.2.1", "macro.test", "bob"), 1003)->result == Status::Fail);
    CHECK(cache.get(query("192.0.2.1", "macro.test", "alice"), 1003)->result == Status::Pass);
    CHECK_FALSE(cache.get(query("192.0.2.1", "macro.test", "Alice"), 1003));  // %{l} is case-preserving
}

TEST_CASE("a %{h} record keys on the HELO name, a macro in the explanation too") {
    ResultCache cache({.max_entries = 100, .max_ttl = 3600});
    cache.put(query("192.0.2.1", "h.test", "a", "one.test"), trace(300, "v=spf1 a:%{h} -all"), fail_result(), 0);
    CHECK(cache.get(query("192.0.2.1", "h.test", "b", "ONE.test"), 1));
    CHECK_FALSE(cache.get(query("192.0.2.1", "h.test", "a", "two.test"), 1));
    Trace exp = trace(300, "v=spf1 -all exp=why.%{d}");
    exp.text("%{l} may not send from %{i}");
    cache.put(query("192.0.2.1", "e.test", "a"), exp, fail_result("a may not send from 192.0.2.1"), 0);
    CHECK(cache.get(query("192.0.2.1", "e.test", "a"), 1)->explanation == "a may not send from 192.0.2.1");
    CHECK_FALSE(cache.get(query("192.0.2.1", "e.test", "b"), 1));
}

TEST_CASE("a record that loses its macro answers every local part again") {
    ResultCache cache({.max_entries = 100, .max_ttl = 3600});
    cache.put(query("192.0.2.1", "m.test", "a"), trace(100, "v=spf1 exists:%{l}.m.test -all"), fail_result(), 0);
    cache.put(query("192.0.2.1", "m.test", "b"), trace(100, "v=spf1 ip4:192.0.2.1 -all"), {Status::Pass, "", ""}, 10);
    CHECK(cache.get(query("192.0.2.1", "m.test", "a"), 11)->result == Status::Pass);
}

TEST_CASE("a result lives for the smallest TTL seen, at most max_ttl") {
    struct Case {
        std::vector<uint32_t> ttls;
        uint32_t max_ttl;
        int64_t lives;  // 0: not kept
    };
    for (const auto& c : {Case{{300}, 3600, 300}, Case{{300, 60, 900}, 3600, 60}, Case{{7200}, 3600, 3600},
                          Case{{300, 0}, 3600, 0}, Case{{}, 3600, 0}, Case{{300}, 0, 0}}) {
        CAPTURE(c.lives);
        ResultCache cache({.max_entries = 10, .max_ttl = c.max_ttl});
        Trace t;
        for (uint32_t ttl : c.ttls) t.answer(ttl);
        cache.put(query("192.0.2.1", "t.test", "a"), t, {Status::Pass, "", ""}, 5000);
        CHECK(bool(cache.get(query("192.0.2.1", "t.test", "a"), 5000 + c.lives - 1)) == (c.lives > 0));
        CHECK_FALSE(cache.get(query("192.0.2.1", "t.test", "a"), 5000 + c.lives));
    }
}

TEST_CASE("the shape expires with the result: an expired domain entry answers nothing") {
    ResultCache cache({.max_entries = 10, .max_ttl = 3600});
    Trace t = trace(100, "v=spf1 exists:%{l}.m.test -all");
    cache.put(query("192.0.2.1", "m.test", "a"), t, fail_result(), 0);
    CHECK(cache.get(query("192.0.2.1", "m.test", "a"), 99));
    CHECK_FALSE(cache.get(query("192.0.2.1", "m.test", "a"), 100));
}

TEST_CASE("temperror, %{t} and a failed explanation lookup are never kept") {
    ResultCache cache({.max_entries = 10, .max_ttl = 3600});
    cache.put(query("192.0.2.1", "a.test", "a"), trace(300, ""), {Status::TempError, "DNS: timeout", ""}, 0);
    CHECK_FALSE(cache.get(query("192.0.2.1", "a.test", "a"), 1));
    Trace timed = trace(300, "v=spf1 -all exp=e.%{d}");
    timed.text("rejected at %{t}");
    cache.put(query("192.0.2.1", "b.test", "a"), timed, fail_result("rejected at 1764590000"), 0);
    CHECK_FALSE(cache.get(query("192.0.2.1", "b.test", "a"), 1));
    Trace broken = trace(300, "v=spf1 -all exp=e.%{d}");
    mp::dns::Answer late;  // TempError
    broken.seen(late);
    cache.put(query("192.0.2.1", "c.test", "a"), broken, fail_result("default"), 0);
    CHECK_FALSE(cache.get(query("192.0.2.1", "c.test", "a"), 1));
    CHECK(cache.size() == 0);
}

TEST_CASE("at max_entries the least recently used entry goes first") {
    ResultCache cache({.max_entries = 3, .max_ttl = 3600});
    Trace t = trace(300, "v=spf1 -all");
    for (const char* d : {"1.test", "2.test", "3.test"}) cache.put(query("192.0.2.1", d, "a"), t, fail_result(), 0);
    CHECK(cache.get(query("192.0.2.1", "1.test", "a"), 1));  // 1 is now the most recent
    cache.put(query("192.0.2.1", "4.test", "a"), t, fail_result(), 2);
    CHECK(cache.size() == 3);
    CHECK_FALSE(cache.get(query("192.0.2.1", "2.test", "a"), 3));
    for (const char* d : {"1.test", "3.test", "4.test"}) CHECK(cache.get(query("192.0.2.1", d, "a"), 3));
}

TEST_CASE("describe() writes the comment and Received-SPF from the result alone") {
    Outcome o;
    o.result = Status::Pass;
    o.sender = "bob@example.test";
    o.domain = "example.test";
    describe(o, "rx.test", "192.0.2.1", "mx.example.test");
    CHECK(o.comment == "rx.test: domain of bob@example.test designates 192.0.2.1 as permitted sender");
    CHECK(o.received_spf ==
          "pass (rx.test: domain of bob@example.test designates 192.0.2.1 as permitted sender) client-ip=192.0.2.1; "
          "envelope-from=bob@example.test; helo=mx.example.test; receiver=rx.test; identity=mailfrom;");
    o.result = Status::PermError;
    o.detail = "too many void lookups (3, at most 2)";
    describe(o, "rx.test", "192.0.2.1", "mx.example.test");
    CHECK(o.comment == "rx.test: error in processing during lookup of bob@example.test: too many void lookups (3, at most 2)");
    o.result = Status::Pass;
    o.detail = "localhost is always allowed.";
    describe(o, "rx.test", "127.0.0.1", "localhost");
    CHECK(o.comment == "rx.test: localhost is always allowed.");
}
