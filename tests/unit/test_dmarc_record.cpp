// test_dmarc_record.cpp: DMARC records, alignment, sp/pct, the verdicts and
// the organizational domain from libpsl.
#include <doctest/doctest.h>

#include "dmarc/check.hpp"
#include "dmarc/record.hpp"
#include "support/section.hpp"

using namespace mp::dmarc;
using VA = mp::verdict::Action;

TEST_CASE("records") {
    auto r = parse_record("v=DMARC1; p=reject; sp=none; pct=50; adkim=s; aspf=r; rua=mailto:x@example.org");
    REQUIRE(r);
    CHECK(r->p == Policy::Reject);
    CHECK(*r->sp == Policy::None);
    CHECK(r->pct == 50);
    CHECK(r->strict_dkim);
    CHECK_FALSE(r->strict_spf);
    struct Case {
        const char* text;
        const char* error;
    };
    for (const auto& c : {Case{"p=reject; v=DMARC1", "record does not start with v=DMARC1"},
                          Case{"v=DMARC1; sp=reject", "record has no p= tag"},
                          Case{"v=DMARC1; p=maybe", "p=maybe is not none, quarantine or reject"},
                          Case{"v=DMARC1; p=none; pct=101", "pct=101 is not 0..100"},
                          Case{"v=DMARC1; p=none; adkim=x", "adkim=x is not r or s"}, Case{"", "empty record"}}) {
        CAPTURE(c.text);
        auto e = parse_record(c.text);
        REQUIRE_FALSE(e);
        CHECK(e.error().message == c.error);
    }
}

TEST_CASE("organizational domains (public suffix list)") {
    CHECK(org_domain("mail.example.co.uk") == "example.co.uk");
    CHECK(org_domain("a.b.example.org") == "example.org");
    CHECK(org_domain("pay.example.test") == "example.test");
    CHECK(org_domain("example.org") == "example.org");
}

TEST_CASE("alignment, sp and pct") {
    auto org = [](const std::string& d) { return org_domain(d); };
    struct Case {
        const char* record;
        const char* record_domain;
        const char* from;
        const char* spf_domain;
        bool spf_pass;
        std::vector<std::string> dkim;
        int sample;
        Status status;
        Policy disposition;
    };
    for (const auto& c : {
             Case{"v=DMARC1; p=reject", "example.org", "example.org", "bounce.example.org", true, {}, 0, Status::Pass, Policy::None},
             Case{"v=DMARC1; p=reject; aspf=s", "example.org", "example.org", "bounce.example.org", true, {}, 0, Status::Fail, Policy::Reject},
             Case{"v=DMARC1; p=reject; aspf=s", "example.org", "example.org", "example.org", true, {}, 0, Status::Pass, Policy::None},
             Case{"v=DMARC1; p=reject", "example.org", "example.org", "example.org", false, {}, 0, Status::Fail, Policy::Reject},
             Case{"v=DMARC1; p=reject", "example.org", "example.org", "other.net", true, {"mail.example.org"}, 0, Status::Pass, Policy::None},
             Case{"v=DMARC1; p=reject; adkim=s", "example.org", "example.org", "other.net", true, {"mail.example.org"}, 0, Status::Fail, Policy::Reject},
             Case{"v=DMARC1; p=reject; sp=quarantine", "example.org", "sub.example.org", "other.net", true, {}, 0, Status::Fail, Policy::Quarantine},
             Case{"v=DMARC1; p=reject; sp=quarantine", "sub.example.org", "sub.example.org", "other.net", true, {}, 0, Status::Fail, Policy::Reject},
             Case{"v=DMARC1; p=reject; pct=30", "example.org", "example.org", "other.net", true, {}, 29, Status::Fail, Policy::Reject},
             Case{"v=DMARC1; p=reject; pct=30", "example.org", "example.org", "other.net", true, {}, 30, Status::Fail, Policy::Quarantine},
             Case{"v=DMARC1; p=quarantine; pct=0", "example.org", "example.org", "other.net", true, {}, 0, Status::Fail, Policy::None},
         }) {
        CAPTURE(c.record);
        CAPTURE(c.from);
        Identifiers ids{c.from, c.spf_domain, c.spf_pass, c.dkim};
        Outcome o = evaluate(ids, *parse_record(c.record), c.record_domain, org, c.sample);
        CHECK(o.status == c.status);
        CHECK(o.disposition == c.disposition);
    }
}

TEST_CASE("verdicts: p=none is never acted on") {
    Options opts = *testsupport::read_section("dmarc { on_quarantine = continue; }", table());
    auto outcome = [](Status s, Policy p, Policy dis) {
        Outcome o;
        o.status = s, o.policy = p, o.disposition = dis, o.from_domain = "example.org";
        return o;
    };
    CHECK(decide(opts, outcome(Status::Fail, Policy::Reject, Policy::Reject)).reply.str() ==
          "550 5.7.1 Rejected by the DMARC policy of example.org");
    CHECK(decide(opts, outcome(Status::Fail, Policy::None, Policy::None)).action == VA::Continue);
    CHECK(decide(opts, outcome(Status::Fail, Policy::Quarantine, Policy::Quarantine)).action == VA::Continue);
    CHECK(decide(opts, outcome(Status::Pass, Policy::Reject, Policy::None)).action == VA::Continue);
    CHECK(decide(opts, outcome(Status::TempError, Policy::None, Policy::None)).action == VA::Continue);
    opts.on_reject = Action::Quarantine;
    CHECK(decide(opts, outcome(Status::Fail, Policy::Reject, Policy::Reject)).action == VA::Quarantine);
    CHECK(outcome(Status::Fail, Policy::Reject, Policy::Quarantine).authres() ==
          "dmarc=fail (p=reject dis=quarantine) header.from=example.org");
    CHECK(mp::config::validate_spec(table().spec()).errors.empty());
}
