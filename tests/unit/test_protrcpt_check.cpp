// test_protrcpt_check.cpp: protected recipients with the sendmail X README 3.10.2
// aliases and access map verbatim, each statement of the README's example
// checked, plus match types, allow_by, soft_bounce and lint.
#include <doctest/doctest.h>

#include "protrcpt/check.hpp"

using namespace mp;
using namespace mp::protrcpt;
using K = access::Decision::Kind;

namespace {

const char* kAliases =
    "list1: <user1-1@l1-1.dom> <user2-1@l1-1.dom> <list2@local.dom>\n"
    "list2: <user1-2@l2-1.dom> <user2-2@l2-2.dom>\n"
    "list3: <user1-3@l3-1.dom> <user2-3@l3-2.dom>\n";

const char* kAccess =
    "protectedrcpt:list1@local.dom list:<list1@local.dom>\n"
    "protectedrcpt:list3 from:<moderator3@local.dom> cltaddr:1.2.3.4 cltaddr:10\n"
    "protectedrcpt:staff@corp.example from:@corp.example from:<boss+*@home.example> cltaddr:2001:db8::/32\n";

struct World {
    access::AccessMap map = *access::AccessMap::parse(kAccess, "access", access::Options{});
    maps::AliasMap aliases = *maps::AliasMap::parse(kAliases, "aliases");
};

const World& world() {
    static World w;
    return w;
}

Options opts(MatchType m = MatchType::Exact, bool sender = true, bool ip = true) {
    Options o;
    o.allow_by_sender = sender;
    o.allow_by_client_ip = ip;
    o.match = m;
    return o;
}

K run(const Options& o, const char* rcpt, const char* sender, const char* client = "192.0.2.1") {
    return check(o, world().map, &world().aliases, {}, {rcpt, sender, client}).kind;
}

}  // namespace

TEST_CASE("README example: list1 accepts its direct members only") {
    Options o = opts();
    CHECK(run(o, "<list1@local.dom>", "<user1-1@l1-1.dom>") == K::None);
    CHECK(run(o, "<list1@local.dom>", "<user2-1@l1-1.dom>") == K::None);
    // "the list is not recursively expanded, i.e., members of list2 are not allowed"
    CHECK(run(o, "<list1@local.dom>", "<user1-2@l2-1.dom>") == K::Reject);
    CHECK(run(o, "<list1@local.dom>", "<user2-2@l2-2.dom>") == K::Reject);
    CHECK(run(o, "<list1@local.dom>", "<list2@local.dom>") == K::None);  // a literal member
    CHECK(run(o, "<list1@local.dom>", "<stranger@l1-1.dom>") == K::Reject);
    CHECK(run(o, "<list1@local.dom>", "<>") == K::Reject);
    auto d = check(o, world().map, &world().aliases, {}, {"<list1@local.dom>", "<user1-1@l1-1.dom>", "192.0.2.1"});
    CHECK(d.matched == "protectedrcpt:list1@local.dom\tlist:<list1@local.dom>\tallowed by list:<list1@local.dom>");
}

TEST_CASE("README example: list3 from moderator3, client 1.2.3.4, or net 10 with generic_lookup") {
    Options exact = opts();
    CHECK(run(exact, "<list3@local.dom>", "<moderator3@local.dom>") == K::None);
    CHECK(run(exact, "<list3@local.dom>", "<someone@else.dom>", "1.2.3.4") == K::None);
    CHECK(run(exact, "<list3@local.dom>", "<someone@else.dom>", "1.2.3.5") == K::Reject);
    CHECK(run(exact, "<list3@local.dom>", "<someone@else.dom>", "10.1.2.3") == K::Reject);
    Options generic = opts(MatchType::GenericLookup);
    CHECK(run(generic, "<list3@local.dom>", "<someone@else.dom>", "10.1.2.3") == K::None);
    CHECK(run(generic, "<list3@local.dom>", "<someone@else.dom>", "11.1.2.3") == K::Reject);
    // members of list3 are not allowed: list3 has no list: restriction
    CHECK(run(exact, "<list3@local.dom>", "<user1-3@l3-1.dom>") == K::Reject);
}

TEST_CASE("unprotected recipients decide nothing") {
    auto d = check(opts(), world().map, &world().aliases, {}, {"<list2@local.dom>", "<x@y>", "192.0.2.1"});
    CHECK(d.kind == K::None);
    CHECK(d.matched.empty());
}

TEST_CASE("allow_by: restrictions of a kind not enabled never match") {
    Options ip_only = opts(MatchType::Exact, false, true);
    CHECK(run(ip_only, "<list3@local.dom>", "<moderator3@local.dom>") == K::Reject);
    CHECK(run(ip_only, "<list3@local.dom>", "<x@y>", "1.2.3.4") == K::None);
    CHECK(run(ip_only, "<list1@local.dom>", "<user1-1@l1-1.dom>") == K::Reject);
    Options sender_only = opts(MatchType::Exact, true, false);
    CHECK(run(sender_only, "<list3@local.dom>", "<x@y>", "1.2.3.4") == K::Reject);
    CHECK(run(sender_only, "<list3@local.dom>", "<moderator3@local.dom>", "1.2.3.4") == K::None);
}

TEST_CASE("match types on +detail and patterns") {
    struct Case { MatchType m; const char* sender; K kind; };
    const Case cases[] = {
        {MatchType::Exact, "<User1-1@L1-1.dom>", K::None},
        {MatchType::Exact, "<user1-1+tag@l1-1.dom>", K::Reject},
        {MatchType::GenericLookup, "<user1-1+tag@l1-1.dom>", K::Reject},
        {MatchType::ImplicitDetail, "<user1-1+tag@l1-1.dom>", K::None},
        {MatchType::ImplicitDetail, "<user1-1x@l1-1.dom>", K::Reject},
    };
    for (const auto& c : cases) {
        CAPTURE(c.sender);
        CHECK(run(opts(c.m), "<list1@local.dom>", c.sender) == c.kind);
    }
    // patterns in from: need generic lookup
    CHECK(run(opts(), "staff@corp.example", "a@corp.example") == K::Reject);
    CHECK(run(opts(MatchType::GenericLookup), "staff@corp.example", "a@corp.example") == K::None);
    CHECK(run(opts(MatchType::GenericLookup), "staff@corp.example", "a@sub.corp.example") == K::Reject);
    CHECK(run(opts(MatchType::GenericLookup), "staff@corp.example", "boss+x@home.example") == K::None);
    CHECK(run(opts(MatchType::GenericLookup), "staff@corp.example", "boss@home.example") == K::Reject);
    CHECK(run(opts(MatchType::GenericLookup), "staff@corp.example", "x@y", "IPv6:2001:db8::5") == K::None);
}

TEST_CASE("reply text, soft_bounce, missing aliases map") {
    Options o = opts();
    auto d = check(o, world().map, &world().aliases, {}, {"list1@local.dom", "x@y", "192.0.2.1"});
    CHECK(d.kind == K::Reject);
    CHECK(d.reply.str() == "550 5.7.1 Not authorized to send to this recipient");
    CHECK(d.stage == "rcpt");
    CHECK(d.matched == "protectedrcpt:list1@local.dom\tlist:<list1@local.dom>");
    access::Flags soft{false, true};
    auto s = check(o, world().map, &world().aliases, soft, {"list1@local.dom", "x@y", "192.0.2.1"});
    CHECK(s.kind == K::Tempfail);
    CHECK(s.reply.str() == "450 4.7.1 Not authorized to send to this recipient");
    o.reply = {"554", "5.7.1", "Members only"};
    CHECK(check(o, world().map, &world().aliases, {}, {"list1@local.dom", "x@y", ""}).reply.str() ==
          "554 5.7.1 Members only");
    CHECK(check(opts(), world().map, nullptr, {}, {"list1@local.dom", "user1-1@l1-1.dom", ""}).kind == K::Reject);
}

TEST_CASE("lint names ignored restrictions, unknown aliases and nets under exact") {
    auto w = lint(opts(MatchType::Exact, true, false), world().map, nullptr);
    CHECK(w == std::vector<std::string>{
                   ":1: protectedrcpt:list1@local.dom: list:<list1@local.dom>: no such alias",
                   ":2: protectedrcpt:list3: cltaddr:1.2.3.4 is ignored: allow_by lacks client_ip",
                   ":2: protectedrcpt:list3: cltaddr:10 is ignored: allow_by lacks client_ip",
                   ":3: protectedrcpt:staff@corp.example: cltaddr:2001:db8::/32 is ignored: allow_by lacks client_ip",
               });
    auto x = lint(opts(), world().map, &world().aliases);
    CHECK(x == std::vector<std::string>{
                   ":2: protectedrcpt:list3: cltaddr:10 is a network: it matches only with match_type generic_lookup",
                   ":3: protectedrcpt:staff@corp.example: cltaddr:2001:db8::/32 is a network: it matches only with "
                   "match_type generic_lookup",
               });
    CHECK(lint(opts(MatchType::GenericLookup), world().map, &world().aliases).empty());
}
