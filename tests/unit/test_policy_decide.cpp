// test_policy_decide.cpp: every access::Decision kind -> Verdict (action,
// reply, reason with the deciding entry, ok/relay/discard-rcpt and the
// delay_checks note), and the one log line per decision.
#include <doctest/doctest.h>

#include <string>

#include "policy/decide.hpp"

using namespace mp;
using verdict::Action;
using K = access::Decision::Kind;

namespace {

access::Decision decision(K kind, std::string matched = "", verdict::Reply reply = {}) {
    access::Decision d;
    d.kind = kind;
    d.matched = std::move(matched);
    d.reply = std::move(reply);
    return d;
}

verdict::Verdict make(Action a, verdict::Reply reply, std::string reason) {
    verdict::Verdict v;
    v.action = a;
    v.reply = std::move(reply);
    v.reason = std::move(reason);
    return v;
}

}  // namespace

TEST_CASE("every access decision kind -> verdict") {
    const verdict::Reply r550{"550", "5.7.1", "No spammers"};
    const verdict::Reply r451{"451", "4.7.1", "later"};
    struct Row { access::Decision in; Action action; std::string reply; std::string reason; };
    const Row rows[] = {
        {decision(K::None), Action::Continue, "", ""},
        {decision(K::None, "From:x\tcont"), Action::Continue, "", "access From:x\tcont"},
        {decision(K::Ok, "Connect:10.1\tOK"), Action::Continue, "", "access Connect:10.1\tOK (ok)"},
        {decision(K::Relay, "Connect:10.2\tRELAY"), Action::Continue, "", "access Connect:10.2\tRELAY (relay)"},
        {decision(K::Reject, "From:spam@\terror:550 5.7.1 No spammers", r550), Action::Reject,
         "550 5.7.1 No spammers", "access From:spam@\terror:550 5.7.1 No spammers"},
        {decision(K::Tempfail, "To:x@\terror:451 4.7.1 later", r451), Action::Tempfail, "451 4.7.1 later",
         "access To:x@\terror:451 4.7.1 later"},
        {decision(K::DiscardSession, "Connect:10.3\tdiscard"), Action::Discard, "", "access Connect:10.3\tdiscard"},
        {decision(K::DiscardTransaction, "From:a@\tdiscard"), Action::Discard, "", "access From:a@\tdiscard"},
        {decision(K::DiscardRcpt, "To:b@\tdiscard"), Action::Continue, "", "access To:b@\tdiscard (discard-rcpt)"},
    };
    for (const auto& r : rows) {
        CAPTURE(access::kind_name(r.in.kind));
        auto v = policy::from_access(r.in);
        CHECK(v.action == r.action);
        CHECK(v.reply.str() == r.reply);
        CHECK(v.reason == r.reason);
        CHECK(v.headers.empty());
        CHECK(v.add_rcpts.empty());
        CHECK(v.del_rcpts.empty());
        CHECK(v.quarantine_reason.empty());
    }
}

TEST_CASE("delay_checks and trusted sessions") {
    auto delayed = decision(K::None, "Connect:10.9\terror:550 5.7.1 x");
    delayed.delayed = true;
    auto v = policy::from_access(delayed);
    CHECK(v.action == Action::Continue);
    CHECK(v.reply.code.empty());
    CHECK(v.reason == "access Connect:10.9\terror:550 5.7.1 x (delayed to RCPT by delay_checks)");

    auto trusted = decision(K::Relay, "Cert:CN=x\tRELAY");
    trusted.trusted = true;
    CHECK(policy::from_access(trusted).reason == "access Cert:CN=x\tRELAY (relay)");
    CHECK(policy::from_access(trusted).action == Action::Continue);
}

TEST_CASE("the decision log line") {
    auto reject = make(Action::Reject, {"550", "5.7.1", "No spammers"}, "access From:spam@\terror:550 5.7.1 No spammers");
    CHECK(policy::decision_line("mail", "from=<spam@example.org>", reject) ==
          "mail: from=<spam@example.org> action=reject reply=\"550 5.7.1 No spammers\" "
          "reason=access From:spam@ error:550 5.7.1 No spammers");

    auto bare = make(Action::Reject, {"550", "", ""}, "");
    CHECK(policy::decision_line("rcpt", "to=<a@b>", bare) == "rcpt: to=<a@b> action=reject reply=\"550  \"");

    auto discard = make(Action::Discard, {}, "scanner clam: infected X");
    CHECK(policy::decision_line("eom", "", discard) == "eom:  action=discard reason=scanner clam: infected X");

    auto passed = make(Action::Continue, {}, "greylisting key=\"1.2.3.4\" state=white");
    CHECK(policy::decision_line("rcpt", "to=<a@b>", passed) ==
          "rcpt: to=<a@b> action=continue reason=greylisting key=\"1.2.3.4\" state=white");

    CHECK(policy::decision_line("rcpt", "to=<a@b>", verdict::Verdict{}) == "");
}

TEST_CASE("which check decided, for the decision counters") {
    using R = metrics::Reason;
    struct Row { std::string stage; Action action; std::string reason; R want; };
    const Row rows[] = {
        {"connect", Action::Reject, "access cltaddr:192.0.2\terror:554", R::Access},
        {"rcpt", Action::Continue, "access to:postmaster\tok (ok)", R::Access},
        {"rcpt", Action::Reject, "protected recipient protectedrcpt:all@x", R::Protected},
        {"rcpt", Action::Tempfail, "greylisting key=\"192.0.2.0\" state=new", R::Greylisting},
        {"rcpt", Action::Tempfail, "greylisting store failed (x), on_store_error=tempfail", R::StoreError},
        {"eom", Action::Discard, "every recipient discarded by the access map", R::Discarded},
        {"eom", Action::Reject, "clamd: Eicar-Signature", R::Content},
        {"eom", Action::Continue, "dkim signed (1 signature(s))", R::Content},
        {"mail", Action::Continue, "", R::None},
    };
    for (const auto& r : rows) CHECK_MESSAGE(policy::decided_by(r.stage, make(r.action, {}, r.reason)) == r.want, r.reason);
}
