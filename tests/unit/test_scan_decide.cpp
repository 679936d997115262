// test_scan_decide.cpp: outcome x options x authenticated -> decision, as one
// table; plus the %v expansion and amavisd's answers carried through.
#include <doctest/doctest.h>

#include <string>

#include "scan/decide.hpp"

using namespace mp::scan;
using mp::verdict::HeaderEdit;
using mp::verdict::Verdict;
using A = mp::verdict::Action;

namespace {

struct DecideRow {
    const char* what;
    Options opt;
    Outcome outcome;
    bool auth;
    A action;
    std::string reply;   // "code xcode text", "" when none
    std::string status;  // X-Virus-Status value, "" when no headers
};

Options with(auto&& edit) {
    Options o;
    o.label = "clam";
    edit(o);
    return o;
}

AmavisAnswer answer(A r) {
    AmavisAnswer a;
    a.return_value = r;
    return a;
}

std::string reply_of(const Verdict& d) {
    return d.reply.code.empty() ? "" : d.reply.code + " " + d.reply.xcode + " " + d.reply.text;
}

std::string status_of(const Verdict& d) {
    for (const auto& h : d.headers)
        if (h.name == "X-Virus-Status") return h.value;
    return "";
}

}  // namespace

TEST_CASE("action mapping table") {
    auto plain = with([](Options&) {});
    auto headers = with([](Options& o) { o.add_headers = true; });
    Infected eicar{"Eicar-Test-Signature"};
    const DecideRow rows[] = {
        {"clean", plain, Clean{}, false, A::Continue, "", ""},
        {"clean, headers", headers, Clean{}, false, A::Continue, "", "Clean"},
        {"infected, default reject", plain, eicar, false, A::Reject, "550 5.7.1 Virus found: Eicar-Test-Signature", ""},
        {"infected, tempfail",
         with([](Options& o) { o.on_infected = OnInfected::Tempfail; o.infected_reply = {"451", "4.7.1", "later %v 100%%"}; }),
         eicar, false, A::Tempfail, "451 4.7.1 later Eicar-Test-Signature 100%", ""},
        {"infected, discard", with([](Options& o) { o.on_infected = OnInfected::Discard; }), eicar, false, A::Discard, "", ""},
        {"infected, quarantine", with([](Options& o) { o.on_infected = OnInfected::Quarantine; o.add_headers = true; }),
         eicar, false, A::Quarantine, "", "Infected (Eicar-Test-Signature)"},
        {"infected, accept", with([](Options& o) { o.on_infected = OnInfected::Accept; o.add_headers = true; }), eicar,
         false, A::Continue, "", "Infected (Eicar-Test-Signature)"},
        {"failed, default tempfail", plain, Failed{"x"}, false, A::Tempfail,
         "451 4.3.0 Content scanner unavailable, try again later", ""},
        {"failed, reject", with([](Options& o) { o.on_fail = OnFail::Reject; }), Failed{"x"}, false, A::Reject,
         "554 5.3.0 Message could not be scanned", ""},
        {"failed, accept, headers", with([](Options& o) { o.on_fail = OnFail::Accept; o.add_headers = true; }),
         Failed{"x"}, false, A::Continue, "", "Unscanned (scanner failure)"},
        {"failed, authenticated, no separate action", plain, Failed{"x"}, true, A::Tempfail,
         "451 4.3.0 Content scanner unavailable, try again later", ""},
        {"failed, authenticated accept", with([](Options& o) { o.on_fail_authenticated = OnFail::Accept; }),
         Failed{"x"}, true, A::Continue, "", ""},
        {"failed, unauthenticated ignores the authenticated action",
         with([](Options& o) { o.on_fail_authenticated = OnFail::Accept; }), Failed{"x"}, false, A::Tempfail,
         "451 4.3.0 Content scanner unavailable, try again later", ""},
        {"oversize, default accept, never clean", headers, Oversize{30u << 20}, false, A::Continue, "",
         "Unscanned (message too large)"},
        {"oversize, reject", with([](Options& o) { o.on_oversize = OnOversize::Reject; }), Oversize{1}, false,
         A::Reject, "552 5.3.4 Message too large for content scanning", ""},
        {"oversize, tempfail", with([](Options& o) { o.on_oversize = OnOversize::Tempfail; }), Oversize{1}, false,
         A::Tempfail, "452 4.3.4 Message too large for content scanning", ""},
    };
    for (const auto& r : rows) {
        CAPTURE(r.what);
        Verdict d = decide(r.opt, r.outcome, r.auth);
        CHECK(mp::verdict::action_name(d.action) == std::string(mp::verdict::action_name(r.action)));
        CHECK(reply_of(d) == r.reply);
        CHECK(status_of(d) == r.status);
        CHECK(d.reason.rfind("scanner clam: ", 0) == 0);
    }
}

TEST_CASE("reasons and quarantine text") {
    auto o = with([](Options& x) { x.on_infected = OnInfected::Quarantine; });
    Verdict d = decide(o, Infected{"Bad.Name"}, false);
    CHECK(d.quarantine_reason == "virus Bad.Name");
    CHECK(d.reason == "scanner clam: infected Bad.Name");
    CHECK(decide(o, Failed{"clamd unix:/s: timeout"}, false).reason == "scanner clam: failed: clamd unix:/s: timeout");
    Options unlabelled;
    CHECK(decide(unlabelled, Clean{}, false).reason == "scanner clamd: clean");
}

TEST_CASE("amavisd answers") {
    Options o;
    o.type = Kind::Amavisd;
    using R = A;
    AmavisAnswer reject{R::Reject, {"554", "5.7.0", "Reject, id=1 - INFECTED: X"}, {}, {}, {}, "", 69};
    Verdict d = decide(o, reject, false);
    CHECK(d.action == A::Reject);
    CHECK(reply_of(d) == "554 5.7.0 Reject, id=1 - INFECTED: X");

    AmavisAnswer wrong_class{R::Reject, {"450", "4.5.0", "odd"}, {}, {}, {}, "", 0};
    CHECK(reply_of(decide(o, wrong_class, false)) == "550 5.7.1 odd");
    AmavisAnswer tempfail{R::Tempfail, {}, {}, {}, {}, "", 75};
    CHECK(reply_of(decide(o, tempfail, false)) == "451 4.5.0 Content filter failure, try again later");
    CHECK(decide(o, answer(R::Discard), false).action == A::Discard);

    HeaderEdit ins{HeaderEdit::Op::Insert, "X-Virus-Scanned", "amavis", 0};
    AmavisAnswer cont{R::Continue, {"250", "2.5.0", "Ok"}, {ins}, {"<n@x>"}, {"<o@x>"}, "", 0};
    d = decide(o, cont, false);
    CHECK(d.action == A::Continue);
    CHECK(d.reply.code.empty());  // a 250 is not a reply to give at end-of-data
    CHECK(d.headers == std::vector<HeaderEdit>{ins});
    CHECK(d.add_rcpts == std::vector<std::string>{"<n@x>"});
    CHECK(d.del_rcpts == std::vector<std::string>{"<o@x>"});
    cont.quarantine = "spam";
    d = decide(o, cont, false);
    CHECK(d.action == A::Quarantine);
    CHECK(d.quarantine_reason == "spam");
    CHECK(decide(o, answer(R::Accept), false).action == A::Accept);
}

TEST_CASE("%v expansion keeps the reply printable") {
    CHECK(expand_reply("Virus: %v", "A.B-C_1") == "Virus: A.B-C_1");
    CHECK(expand_reply("%v", "a b\r\n%x\x80") == "a?b???x?");
    CHECK(expand_reply("100%% %q %", "v") == "100% %q %");
    CHECK(expand_reply("", "v") == "");
}
