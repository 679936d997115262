// test_policy_steps.cpp: which protocol steps a configuration needs and at
// which it can decide (policy/steps.hpp). First the pure table over modules,
// then the same plans from configuration text through a real Engine (the
// greylisting store is not opened: the plan must not depend on it).
#include <doctest/doctest.h>

#include <fstream>
#include <string>

#include "config/config.hpp"
#include "dkim_testkeys.hpp"
#include "policy/engine.hpp"
#include "policy/steps.hpp"

using mp::policy::Modules;
using mp::policy::Step;

namespace {

// connect helo mail rcpt data unknown header eoh body eom
const char* const kNothing =
    "connect=sent helo=no mail=no rcpt=no data=no unknown=no header=no eoh=no body=no eom=reply";
const char* const kSignOnly =
    "connect=sent helo=no mail=sent rcpt=no data=no unknown=no header=sent eoh=no body=sent eom=reply";
const char* const kStepsAccess =
    "connect=reply helo=reply mail=reply rcpt=reply data=no unknown=no header=no eoh=no body=no eom=reply";
const char* const kGreylist =
    "connect=sent helo=no mail=sent rcpt=reply data=no unknown=no header=no eoh=no body=no eom=reply";
const char* const kGreylistData =
    "connect=sent helo=no mail=sent rcpt=reply data=reply unknown=no header=no eoh=no body=no eom=reply";
const char* const kScan =
    "connect=sent helo=sent mail=sent rcpt=sent data=no unknown=no header=sent eoh=no body=sent eom=reply";
const char* const kReceiving =
    "connect=reply helo=reply mail=reply rcpt=reply data=no unknown=no header=sent eoh=no body=sent eom=reply";


std::string plan_of(const std::string& text) {
    auto cfg = mp::config::parse(text, "steps.conf", mp::policy::root_schema());
    if (!cfg) return "parse: " + cfg.error().str();
    auto e = mp::policy::Engine::create(std::move(*cfg), nullptr, false);
    if (!e) return "engine: " + e.error().str();
    return mp::policy::describe(mp::policy::plan_steps(**e));
}

}  // namespace

TEST_CASE("step plan: modules -> steps sent and steps that may decide") {
    struct Row {
        const char* name;
        Modules m;
        const char* plan;
    };
    const Row rows[] = {
        {"nothing configured", {}, kNothing},
        {"MTA-TX: signing only", {.signer = true}, kSignOnly},
        {"access map only", {.access = true}, kStepsAccess},
        {"greylisting at RCPT", {.greylist = true}, kGreylist},
        {"greylisting answered at DATA", {.greylist = true, .greylist_at_data = true}, kGreylistData},
        {"scanners only", {.scanners = true}, kScan},
        {"MTA-RX: access, protected recipients, greylisting, scanners",
         {.access = true, .protect = true, .greylist = true, .scanners = true}, kReceiving},
    };
    for (const auto& r : rows) {
        CAPTURE(r.name);
        CHECK(mp::policy::describe(mp::policy::plan_steps(r.m)) == r.plan);
    }
}

TEST_CASE("step plan: invariants over every module combination") {
    for (unsigned bits = 0; bits < 512; ++bits) {
        Modules m{bool(bits & 1),  bool(bits & 2),  bool(bits & 4),  bool(bits & 8),  bool(bits & 16),
                  bool(bits & 32), bool(bits & 64), bool(bits & 128), bool(bits & 256)};
        auto p = mp::policy::plan_steps(m);
        CAPTURE(bits);
        CHECK((p.replies & ~p.sent) == 0u);  // a step that decides is read
        CHECK(p.replies_at(Step::eom));       // end-of-data always answers
        CHECK(p.sends(Step::connect));        // the session starts there
        CHECK_FALSE(p.sends(Step::unknown));
        CHECK_FALSE(p.sends(Step::eoh));      // implied by body or end-of-data (no eoh rules here)
        CHECK(p.sends(Step::body) == (m.scanners || m.signer || m.verify));
        CHECK(p.replies_at(Step::rcpt) == (m.access || m.protect || m.greylist || m.callahead));
        CHECK(p.replies_at(Step::mail) == (m.access || m.spf));
        if (m.spf) CHECK(p.sends(Step::helo));  // the HELO identity of a null sender
    }
}

TEST_CASE("step plan: from configuration text") {
    dkimtest::TempDir t;
    std::string map = t.file("access");
    std::ofstream(map) << "cltaddr:192.0.2.66 error:550 5.7.1 Go away\n";
    std::string key = dkimtest::make_key(t, "k.pem", "ed25519");
    REQUIRE(!key.empty());
    std::string dkim = "dkim { domain = \"example.com\"; selector = \"s1\"; key_file = \"" + key + "\"; }\n";
    std::string access = "access_map { file = \"" + map + "\"; }\n";
    std::string grey = "greylisting { lmdb { path = \"" + t.file("grey") + "\"; } }\n";
    std::string grey_data = "greylisting { flags = { delay_greylisting_error_until_DATA }; lmdb { path = \"" + t.file("g") +
                            "\"; } }\n";
    std::string clamd = "scanner av { type = clamd; socket = \"unix:/nonexistent/clamd.sock\"; }\n";
    struct Row {
        std::string text;
        const char* plan;
    };
    const Row rows[] = {
        {"milter { socket = \"unix:/tmp/x.sock\"; }\n", kNothing},
        {access, kStepsAccess},
        {grey, kGreylist},
        {grey_data, kGreylistData},
        {clamd, kScan},
        {dkim, kSignOnly},
        {access + "protected_recipients { allow_by = { sender }; }\n" + grey + clamd, kReceiving},
    };
    for (const auto& r : rows) {
        CAPTURE(r.text);
        CHECK(plan_of(r.text) == r.plan);
    }
}

TEST_CASE("step plan: rules decide at the stage they name") {
    using mp::policy::bit;
    struct Row { unsigned rules; Step replies_at; Step sent; };
    const Row rows[] = {
        {bit(Step::connect), Step::connect, Step::connect}, {bit(Step::connect), Step::mail, Step::mail},
        {bit(Step::helo), Step::helo, Step::helo},          {bit(Step::mail), Step::mail, Step::mail},
        {bit(Step::rcpt), Step::rcpt, Step::rcpt},          {bit(Step::header), Step::eoh, Step::header},
        {bit(Step::eoh), Step::eoh, Step::eoh},
        // rcpt_count at data: DATA answers, the recipients are counted
        {bit(Step::data), Step::data, Step::rcpt},          {bit(Step::data), Step::data, Step::helo},
        // body rules and size at eom (bit body): headers (MIME type, size) and body are read
        {bit(Step::eom) | bit(Step::body), Step::eom, Step::body},
        {bit(Step::eom) | bit(Step::body), Step::eom, Step::header},
        {bit(Step::eom) | bit(Step::body), Step::eom, Step::rcpt},
    };
    for (const auto& r : rows) {
        Modules m;
        m.rules = r.rules;
        auto p = mp::policy::plan_steps(m);
        CAPTURE(r.rules);
        CHECK(p.replies_at(r.replies_at));
        CHECK(p.sends(r.sent));
        CHECK((p.replies & ~p.sent) == 0u);
    }
}

TEST_CASE("step plan: rules reading the body, from configuration text") {
    struct Row {
        const char* text;
        const char* plan;
    };
    const Row rows[] = {
        {"rule b { stage = eom; body = \"x\"; action = reject; }",
         "connect=sent helo=sent mail=sent rcpt=sent data=no unknown=no header=sent eoh=no body=sent eom=reply"},
        {"rule s { stage = eom; size = \"> 1m\"; action = reject; }",
         "connect=sent helo=sent mail=sent rcpt=sent data=no unknown=no header=sent eoh=no body=sent eom=reply"},
        {"rule s { stage = mail; size = \"> 1m\"; action = reject; }",
         "connect=sent helo=sent mail=reply rcpt=no data=no unknown=no header=no eoh=no body=no eom=reply"},
        {"rule k { stage = data; rcpt_count = \">= 9\"; action = tempfail; }",
         "connect=sent helo=sent mail=sent rcpt=sent data=reply unknown=no header=no eoh=no body=no eom=reply"},
        {"rule q { stage = eom; tls = none; action = quarantine; }",
         "connect=sent helo=sent mail=sent rcpt=sent data=no unknown=no header=no eoh=no body=no eom=reply"},
    };
    for (const auto& r : rows) {
        CAPTURE(r.text);
        CHECK(plan_of(r.text) == r.plan);
    }
}
