// test_scan_ampdp.cpp: AM.PDP encoding, the request text, and strict response
// parsing. The "real" responses below are what amavisd-new 2.13 sent in the
// sandbox (tests/tools/peers.sh) for a clean and an EICAR message.
#include <doctest/doctest.h>

#include <string>

#include "scan/ampdp.hpp"

using namespace mp::scan;
using namespace std::string_literals;
using mp::verdict::HeaderEdit;
using Op = HeaderEdit::Op;
using Act = mp::verdict::Action;

TEST_CASE("AM.PDP value encoding table") {
    const std::pair<std::string, std::string> rows[] = {
        {"<a@example.org>", "<a@example.org>"},
        {"a b", "a%20b"},
        {"100%", "100%25"},
        {"!\"#$", "!\"#$"},             // 0x21-0x24 pass
        {"&~", "&~"},                   // 0x26 and 0x7E pass
        {"\x7f", "%7f"},
        {"tab\there", "tab%09here"},
        {"cr\r\nlf", "cr%0d%0alf"},
        {"caf\xc3\xa9", "caf%c3%a9"},
        {std::string("nul\0x", 5), "nul%00x"},
        {"", ""},
    };
    for (const auto& row : rows) {
        const auto& [plain, enc] = row;
        CAPTURE(row.first);  // clang 14 cannot capture a structured binding
        CHECK(ampdp_encode(plain) == enc);
        auto d = ampdp_decode(enc);
        REQUIRE(d);
        CHECK(*d == plain);
    }
}

TEST_CASE("AM.PDP decoding rejects malformed fields") {
    for (std::string bad : {"%", "%4", "%zz", "%g0", "a b", "a\tb", "x\x80", "\x01"}) {
        CAPTURE(bad);
        CHECK_FALSE(ampdp_decode(bad));
    }
    CHECK(*ampdp_decode("%4A%4a") == "JJ");
}

TEST_CASE("AM.PDP request text") {
    AmpdpRequest r{"a@example.org", {"<b@example.net>", "c d@example.net"}, "/t/mp-AbC123",
                   "/t/mp-AbC123/email.txt", "4AB12", "192.0.2.7", "mx.example.org", "helo host",
                   "ESMTP", ""};
    std::string want =
        "request=AM.PDP\r\n"
        "sender=<a@example.org>\r\n"
        "recipient=<b@example.net>\r\n"
        "recipient=<c%20d@example.net>\r\n"
        "tempdir=/t/mp-AbC123\r\n"
        "tempdir_removed_by=client\r\n"
        "mail_file=/t/mp-AbC123/email.txt\r\n"
        "delivery_care_of=client\r\n"
        "queue_id=4AB12\r\n"
        "client_address=192.0.2.7\r\n"
        "client_name=mx.example.org\r\n"
        "helo_name=helo%20host\r\n"
        "protocol_name=ESMTP\r\n"
        "\r\n";
    CHECK(ampdp_request(r) == want);
    r.sender = "<>";
    r.policy_bank = "MYNETS,ORIGINATING";
    std::string t = ampdp_request(r);
    CHECK(t.find("sender=<>\r\n") != std::string::npos);
    CHECK(t.find("policy_bank=MYNETS,ORIGINATING\r\n\r\n") != std::string::npos);
}

TEST_CASE("AM.PDP response: real amavisd answers") {
    auto clean = ampdp_parse_response(
        "version_server=2\r\nlog_id=09143-02\r\n"
        "setreply=250 2.5.0 Ok,%20id=09143-02,%20continue%20delivery\r\n"
        "insheader=0 X-Virus-Scanned amavis%20sandbox%20at%20example.test\r\n"
        "return_value=continue\r\nexit_code=0\r\n\r\n");
    REQUIRE(clean);
    CHECK(clean->return_value == Act::Continue);
    CHECK(clean->reply.code == "250");
    CHECK(clean->reply.text == "Ok, id=09143-02, continue delivery");
    REQUIRE(clean->headers.size() == 1);
    CHECK(clean->headers[0] == HeaderEdit{Op::Insert, "X-Virus-Scanned", "amavis sandbox at example.test", 0});
    CHECK(clean->exit_code == 0);

    auto virus = ampdp_parse_response(
        "version_server=2\r\nlog_id=09144-01\r\n"
        "setreply=554 5.7.0 Reject,%20id=09144-01%20-%20INFECTED:%20Local.Test.EICAR.NDB.UNOFFICIAL\r\n"
        "return_value=reject\r\nexit_code=69\r\n\r\n");
    REQUIRE(virus);
    CHECK(virus->return_value == Act::Reject);
    CHECK(virus->reply.code == "554");
    CHECK(virus->reply.xcode == "5.7.0");
    CHECK(virus->reply.text == "Reject, id=09144-01 - INFECTED: Local.Test.EICAR.NDB.UNOFFICIAL");
    CHECK(virus->exit_code == 69);
}

TEST_CASE("AM.PDP response: every attribute") {
    auto a = ampdp_parse_response(
        "addheader=X-Spam-Flag NO\r\n"
        "chgheader=1 Subject %5bSPAM%5d%20hi\r\n"
        "delheader=2 X-Old\r\n"
        "insheader=3 X-Long a%0a%09b\r\n"
        "addrcpt=<new@example.net>\r\ndelrcpt=<old@example.net>\r\n"
        "quarantine=spam%20quarantine\r\n"
        "some_future_attribute=whatever value\r\n"
        "return_value=discard\r\n\r\n");
    REQUIRE(a);
    CHECK(a->return_value == Act::Discard);
    CHECK(a->exit_code == -1);
    std::vector<HeaderEdit> want = {{Op::Add, "X-Spam-Flag", "NO", 0},
                                    {Op::Change, "Subject", "[SPAM] hi", 1},
                                    {Op::Delete, "X-Old", "", 2},
                                    {Op::Insert, "X-Long", "a\n\tb", 3}};
    CHECK(a->headers == want);
    CHECK(a->add_rcpts == std::vector<std::string>{"<new@example.net>"});
    CHECK(a->del_rcpts == std::vector<std::string>{"<old@example.net>"});
    CHECK(a->quarantine == "spam quarantine");
    for (auto [text, r] : {std::pair{"accept", Act::Accept}, {"tempfail", Act::Tempfail}, {"continue", Act::Continue}}) {
        auto x = ampdp_parse_response("return_value="s + text + "\r\n\r\n");
        REQUIRE(x);
        CHECK(x->return_value == r);
    }
}

TEST_CASE("AM.PDP response: malformed answers are errors") {
    const std::string rows[] = {
        "",
        "\r\n",                                          // no return_value
        "return_value=continue\r\n",                     // no empty line
        "return_value=continue",                         // not even a line end
        "return_value=continue\n\n",                     // LF only
        "return_value=continue\r\n\r\nx=1\r\n\r\n",      // data after the end
        "return_value=maybe\r\n\r\n",
        "return_value=continue\r\nreturn_value=reject\r\n\r\n",
        "return_value=continue extra\r\n\r\n",
        "return_value\r\n\r\n",                          // no '='
        "=continue\r\n\r\n",
        "ret urn=1\r\nreturn_value=continue\r\n\r\n",    // bad attribute name
        "return_value=continue\r\nsetreply=550 5.7.1\r\n\r\n",  // two fields
        "return_value=reject\r\nsetreply=55 5.7.1 x\r\n\r\n",
        "return_value=reject\r\nsetreply=550 4.7.1 x\r\n\r\n",  // class mismatch
        "return_value=reject\r\nsetreply=550 5.7 x\r\n\r\n",
        "return_value=reject\r\nsetreply=650 6.7.1 x\r\n\r\n",
        "return_value=reject\r\nsetreply=550 5.7.1 a%0db\r\n\r\n",  // CR in the text
        "return_value=continue\r\naddheader=X-A\r\n\r\n",
        "return_value=continue\r\naddheader=X:A v\r\n\r\n",
        "return_value=continue\r\naddheader=X%20A v\r\n\r\n",
        "return_value=continue\r\naddheader=X-A a%0ab\r\n\r\n",  // bare newline in value
        "return_value=continue\r\naddheader=X-A a%0d%0a%20b\r\n\r\n",
        "return_value=continue\r\ninsheader=x X-A v\r\n\r\n",
        "return_value=continue\r\ninsheader=-1 X-A v\r\n\r\n",
        "return_value=continue\r\ndelheader=1\r\n\r\n",
        "return_value=continue\r\nchgheader=1 X-A\r\n\r\n",
        "return_value=continue\r\naddrcpt=\r\n\r\n",
        "return_value=continue\r\nexit_code=abc\r\n\r\n",
        "return_value=continue\r\nexit_code=999\r\n\r\n",
        "return_value=continue\r\nquarantine=a b\r\n\r\n",
        "return_value=con%tinue\r\n\r\n",
        "return_value=continue\r\ngarbage line\r\n\r\n",
    };
    for (const auto& r : rows) {
        CAPTURE(r);
        CHECK_FALSE(ampdp_parse_response(r));
    }
}
