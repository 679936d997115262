// test_milters_reply.cpp: the pure part of milters/reply.cpp: every Action
// with and without a reply -> the SMFIS_* code and the smfi_setreply
// arguments; the header value under SMFIP_HDR_LEADSPC; the reply text made
// safe for libmilter.
#include <doctest/doctest.h>

#include <optional>
#include <string>

#include "milters/reply.hpp"

using namespace mp;
using verdict::Action;

namespace {

const verdict::Reply r550{"550", "5.7.1", "Virus found: X"};
const verdict::Reply r451{"451", "4.7.1", "Greylisted, 100% sure"};
const verdict::Reply r450bare{"450", "", ""};

}  // namespace

TEST_CASE("every action, with and without a reply") {
    struct Row { Action action; verdict::Reply reply; sfsistat code; std::optional<verdict::Reply> setreply; };
    const Row rows[] = {
        {Action::Continue, {}, SMFIS_CONTINUE, std::nullopt},
        {Action::Continue, r550, SMFIS_CONTINUE, std::nullopt},
        {Action::Accept, {}, SMFIS_ACCEPT, std::nullopt},
        {Action::Accept, r550, SMFIS_ACCEPT, std::nullopt},
        {Action::Discard, {}, SMFIS_DISCARD, std::nullopt},
        {Action::Discard, r550, SMFIS_DISCARD, std::nullopt},
        {Action::Quarantine, {}, SMFIS_CONTINUE, std::nullopt},
        {Action::Quarantine, r550, SMFIS_CONTINUE, std::nullopt},
        {Action::Reject, {}, SMFIS_REJECT, std::nullopt},
        {Action::Reject, r550, SMFIS_REJECT, r550},
        {Action::Reject, r451, SMFIS_TEMPFAIL, verdict::Reply{"451", "4.7.1", "Greylisted, 100%% sure"}},
        {Action::Reject, r450bare, SMFIS_TEMPFAIL, r450bare},
        {Action::Tempfail, {}, SMFIS_TEMPFAIL, std::nullopt},
        {Action::Tempfail, r451, SMFIS_TEMPFAIL, verdict::Reply{"451", "4.7.1", "Greylisted, 100%% sure"}},
        {Action::Tempfail, r450bare, SMFIS_TEMPFAIL, r450bare},
    };
    for (const auto& r : rows) {
        CAPTURE(verdict::action_name(r.action));
        CAPTURE(r.reply.str());
        verdict::Verdict v;
        v.action = r.action;
        v.reply = r.reply;
        auto a = milters::answer_for(v);
        CHECK(a.code == r.code);
        REQUIRE(a.setreply.has_value() == r.setreply.has_value());
        if (r.setreply) CHECK(*a.setreply == *r.setreply);
    }
}

TEST_CASE("header values and SMFIP_HDR_LEADSPC") {
    struct Row { const char* in; bool leadspc; const char* out; };
    const Row rows[] = {
        {"Clean", true, " Clean"},   {" Clean", true, " Clean"},  {"\tClean", true, "\tClean"},
        {"Clean", false, "Clean"},   {" Clean", false, "Clean"},  {"", true, " "},
        {"", false, ""},             {"a\n\tb", false, "a\n\tb"},
    };
    for (const auto& r : rows) {
        CAPTURE(r.in);
        CAPTURE(r.leadspc);
        CHECK(milters::header_value(r.in, r.leadspc) == r.out);
    }
}

TEST_CASE("reply text safe for smfi_setreply") {
    CHECK(milters::reply_text("Virus found: X") == "Virus found: X");
    CHECK(milters::reply_text("100% sure %s") == "100%% sure %%s");
    CHECK(milters::reply_text("a\r\nb\tc\x7f") == "a??b?c?");
    CHECK(milters::reply_text("") == "");
}
