// test_scan_options.cpp: the scanner section through the real config parser:
// defaults, every option read back, and each validation error with its
// file:line:column.
#include <doctest/doctest.h>

#include <string>

#include "config/config.hpp"
#include "scan/options.hpp"

using namespace mp;
using namespace mp::scan;
using namespace std::chrono_literals;

namespace {

const config::SectionSpec& root_spec() {
    static const config::SectionSpec s{.name = "", .doc = "test root", .options = {}, .sections = {&table().spec()}};
    return s;
}

Result<Options> first_scanner(const std::string& text) {
    auto cfg = config::parse(text, "t.conf", root_spec());
    if (!cfg) return fail(cfg.error().str());
    auto secs = cfg->root().sections("scanner");
    if (secs.empty()) return fail("no scanner section");
    auto o = options_from(*secs.front());
    if (!o) return fail(o.error().str());
    return *o;
}

}  // namespace

TEST_CASE("defaults") {
    auto o = first_scanner("scanner clam { type = clamd; socket = \"unix:/run/clamd.sock\"; }");
    REQUIRE_MESSAGE(o, (o ? "" : o.error().message));
    CHECK(o->label == "clam");
    CHECK(o->type == Kind::Clamd);
    CHECK(o->socket == "unix:/run/clamd.sock");
    CHECK(o->transfer == Transfer::Instream);
    CHECK(o->on_infected == OnInfected::Reject);
    CHECK(o->infected_reply.code == "550");
    CHECK(o->infected_reply.xcode == "5.7.1");
    CHECK(o->infected_reply.text == "Virus found: %v");
    CHECK(o->on_fail == OnFail::Tempfail);
    CHECK_FALSE(o->on_fail_authenticated);
    CHECK(o->max_size == 25u << 20);
    CHECK(o->on_oversize == OnOversize::Accept);
    CHECK(o->timeout == 60s);
    CHECK(o->stream_timeout == 5s);
    CHECK(o->chunk_size == 64u << 10);
    CHECK_FALSE(o->add_headers);
    CHECK(o->spool_dir == "");
    CHECK(o->policy_bank == "");
    // the defaults in Options{} and in the schema say the same
    Options plain;
    CHECK(plain.max_size == o->max_size);
    CHECK(plain.timeout == o->timeout);
    CHECK(plain.chunk_size == o->chunk_size);
}

TEST_CASE("every option read back") {
    auto o = first_scanner(
        "scanner av {\n type = amavisd; socket = \"inet:9998@127.0.0.1\";\n"
        " on_infected = tempfail; reply = \"451 4.7.1 Try later (%v)\";\n"
        " on_fail = accept; on_fail_authenticated = reject;\n"
        " max_size = 10MB; on_oversize = reject; timeout = 2m; stream_timeout = 3s;\n"
        " chunk_size = 8KB; add_headers = yes; spool_dir = \"/var/lib/amavis/tmp/mp\";\n"
        " policy_bank = \"MYNETS\";\n}\n");
    REQUIRE_MESSAGE(o, (o ? "" : o.error().message));
    CHECK(o->label == "av");
    CHECK(o->type == Kind::Amavisd);
    CHECK(o->on_infected == OnInfected::Tempfail);
    CHECK(o->infected_reply.code == "451");
    CHECK(o->infected_reply.text == "Try later (%v)");
    CHECK(o->on_fail == OnFail::Accept);
    REQUIRE(o->on_fail_authenticated);
    CHECK(*o->on_fail_authenticated == OnFail::Reject);
    CHECK(o->max_size == 10u << 20);
    CHECK(o->on_oversize == OnOversize::Reject);
    CHECK(o->timeout == 120s);
    CHECK(o->stream_timeout == 3s);
    CHECK(o->chunk_size == 8192);
    CHECK(o->add_headers);
    CHECK(o->spool_dir == "/var/lib/amavis/tmp/mp");
    CHECK(o->policy_bank == "MYNETS");
}

TEST_CASE("validation errors name the place") {
    const std::pair<std::string, std::string> rows[] = {
        {"scanner clam { type = amavisd; socket = \"unix:/s\"; }", "t.conf:1:16: scanner type amavisd needs spool_dir"},
        {"scanner clam { type = amavisd; socket = \"unix:/s\"; spool_dir = rel; }", "spool_dir must be an absolute path"},
        {"scanner clam { type = clamd;\n socket = \"inet:3310@localhost\"; }", "t.conf:2:2: address must be a numeric"},
        {"scanner clam { type = clamd; socket = \"tcp:3310\"; }", "unknown socket type"},
        {"scanner clam { type = clamd; socket = \"unix:/s\"; reply = \"250 ok\"; }", "reply code 250 is not a 4yz or 5yz rejection"},
        {"scanner clam { type = clamd; socket = \"unix:/s\"; on_infected = tempfail; }",
         "t.conf:1:50: reply code must be 4yz for on_infected tempfail"},
        {"scanner clam { type = clamd; socket = \"unix:/s\";\n reply = \"451 4.7.1 x\";\n}",
         "t.conf:2:2: reply code must be 5yz for on_infected reject"},
        {"scanner clam { type = clamd; socket = \"unix:/s\"; reply = \"450 5.7.1 x\"; }", "enhanced status code 5.7.1 does not match reply code 450"},
    };
    for (const auto& row : rows) {
        const auto& [text, want] = row;
        CAPTURE(row.first);  // clang 14 cannot capture a structured binding
        auto o = first_scanner(text);
        REQUIRE_FALSE(o);
        CHECK_MESSAGE(o.error().message.find(want) != std::string::npos, o.error().message);
    }
    // bounds and enums are the config parser's job, from the schema
    CHECK_FALSE(first_scanner("scanner clam { type = clamd; socket = \"unix:/s\"; chunk_size = 10; }"));
    CHECK_FALSE(first_scanner("scanner clam { type = clamd; socket = \"unix:/s\"; on_fail = maybe; }"));
    CHECK_FALSE(first_scanner("scanner clam { type = icap; socket = \"unix:/s\"; }"));
    CHECK_FALSE(first_scanner("scanner clam { type = clamd; }"));
}

TEST_CASE("transfer fdpass: read back, and its errors name the place") {
    auto o = first_scanner("scanner clam { type = clamd; socket = \"unix:/run/clamd.sock\";\n"
                           " transfer = fdpass; spool_dir = \"/var/spool/milterpack/clamd\"; }");
    REQUIRE_MESSAGE(o, (o ? "" : o.error().message));
    CHECK(o->transfer == Transfer::Fdpass);
    CHECK(o->spool_dir == "/var/spool/milterpack/clamd");
    CHECK(uses_spool(*o));
    auto i = first_scanner("scanner clam { type = clamd; socket = \"inet:3310@127.0.0.1\"; transfer = instream; }");
    REQUIRE(i);
    CHECK_FALSE(uses_spool(*i));

    const std::pair<std::string, std::string> rows[] = {
        {"scanner clam { type = clamd;\n socket = \"inet:3310@127.0.0.1\";\n transfer = fdpass; spool_dir = \"/s\"; }",
         "t.conf:3:2: transfer fdpass needs a unix: socket"},
        {"scanner clam { type = clamd; transfer = fdpass; spool_dir = \"/s\";\n socket = \"inet6:3310@::1\"; }",
         "t.conf:2:2: transfer fdpass needs a unix: socket"},
        {"scanner clam { type = clamd; socket = \"unix:/s\";\n  transfer = fdpass; }",
         "t.conf:2:3: transfer fdpass needs spool_dir"},
        {"scanner clam { type = clamd; socket = \"unix:/s\"; transfer = fdpass;\n spool_dir = \"spool\"; }",
         "t.conf:2:2: spool_dir must be an absolute path"},
        {"scanner av { type = amavisd; socket = \"unix:/s\"; spool_dir = \"/s\";\n transfer = fdpass; }",
         "t.conf:2:2: transfer applies to scanner type clamd only"},
        {"scanner clam { type = clamd; socket = \"unix:/s\"; transfer = pipe; }",
         "t.conf:1:61: 'transfer' expects one of: instream, fdpass"},
    };
    for (const auto& row : rows) {
        const auto& [text, want] = row;
        CAPTURE(row.first);  // clang 14 cannot capture a structured binding
        auto r = first_scanner(text);
        REQUIRE_FALSE(r);
        CHECK_MESSAGE(r.error().message.find(want) != std::string::npos, r.error().message);
    }
}
