// test_dns_wire.cpp: the question as sent (header, question, EDNS0 OPT) and
// replies parsed into Answers, the replies written byte by byte here: every
// record type the mail checks read, compressed names, CNAME chains, negative
// answers and their SOA TTL, server errors, truncation, and replies that are
// not to this question (other id, not a response, another name or type,
// garbage), which must come back Foreign.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "dns/wire.hpp"

using namespace mp::dns;

namespace {

const uint16_t kId = 0x1234;

std::string u16(unsigned v) { return std::string{char(v >> 8), char(v & 0xff)}; }
std::string u32(uint32_t v) { return u16(v >> 16) + u16(v & 0xffff); }
std::string wire(const std::string& dotted) {
    std::string out;
    size_t at = 0;
    while (at < dotted.size()) {
        size_t dot = std::min(dotted.find('.', at), dotted.size());
        out += char(dot - at) + dotted.substr(at, dot - at);
        at = dot + 1;
    }
    return out + '\0';
}
const std::string kQname = "mail.example.test";
const std::string kPtr = "\xc0\x0c";  // the question's name, compressed

// A record: owner (wire or pointer), type, class IN, ttl, rdata.
std::string rr(const std::string& owner, unsigned type, uint32_t ttl, const std::string& rdata) {
    return owner + u16(type) + u16(1) + u32(ttl) + u16(unsigned(rdata.size())) + rdata;
}
std::string soa(uint32_t ttl, uint32_t minimum) {
    std::string rd = wire("ns.example.test") + wire("host.example.test") + u32(1) + u32(3600) + u32(600) + u32(86400) + u32(minimum);
    return rr(wire("example.test"), 6, ttl, rd);
}

struct Msg {
    unsigned flags = 0x8580;  // QR AA RD RA, NOERROR
    uint16_t id = kId;
    std::string qname = kQname;
    unsigned qtype = 16;
    std::vector<std::string> answer, authority;

    std::string bytes() const {
        std::string m = u16(id) + u16(flags) + u16(1) + u16(unsigned(answer.size())) + u16(unsigned(authority.size())) + u16(0);
        m += wire(qname) + u16(qtype) + u16(1);
        for (const auto& r : answer) m += r;
        for (const auto& r : authority) m += r;
        return m;
    }
};

std::string hex(const std::string& s) {
    static const char* d = "0123456789abcdef";
    std::string out;
    for (unsigned char c : s) out += d[c >> 4], out += d[c & 15];
    return out;
}

std::string kind_name(Reply::Kind k) {
    switch (k) {
    case Reply::Kind::Answer: return "answer";
    case Reply::Kind::Truncated: return "truncated";
    case Reply::Kind::ServerError: return "servererror";
    case Reply::Kind::Foreign: return "foreign";
    }
    return "?";
}

// "kind status ttl rdata-hex,..." or "kind error" for server errors.
std::string summary(const Reply& r) {
    std::string s = kind_name(r.kind);
    if (r.kind == Reply::Kind::ServerError) return s + " " + r.answer.error;
    if (r.kind != Reply::Kind::Answer) return s;
    s += std::string(" ") + status_name(r.answer.status) + " " + std::to_string(r.answer.ttl);
    for (const auto& d : r.answer.rdata) s += " " + hex(d);
    return s;
}

Msg with(std::vector<std::string> answer, unsigned qtype = 16) {
    Msg m;
    m.qtype = qtype;
    m.answer = std::move(answer);
    return m;
}

}  // namespace

TEST_CASE("the question: id, RD, one question, EDNS0 with a 1232-byte payload") {
    auto q = question_wire("Mail.Example.Test", Type::TXT, kId);
    REQUIRE(q);
    const std::string want = u16(kId) + u16(0x0100) + u16(1) + u16(0) + u16(0) + u16(1) + wire("Mail.Example.Test") + u16(16) +
                             u16(1) + std::string("\0", 1) + u16(41) + u16(1232) + u32(0) + u16(0);
    CHECK(hex(*q) == hex(want));
    for (const char* bad : {"a..example.test", "", "x.0123456789012345678901234567890123456789012345678901234567890123.test"}) {
        CAPTURE(bad);
        CHECK_FALSE(question_wire(bad, Type::TXT, kId));
    }
}

TEST_CASE("replies to mail.example.test") {
    struct Row {
        const char* what;
        Msg msg;
        Type type;
        std::string want;
    };
    Msg nodata, nxdomain, nx_no_soa, servfail, refused, truncated, not_response, other_id, other_name, other_type;
    nodata.authority = {soa(3600, 300)};
    nxdomain.flags = 0x8583, nxdomain.authority = {soa(120, 900)};
    nx_no_soa.flags = 0x8583;
    servfail.flags = 0x8182;
    refused.flags = 0x8185;
    truncated.flags = 0x8780;
    not_response.flags = 0x0100;
    other_id.id = kId + 1;
    other_name.qname = "other.example.test";
    other_type.qtype = 1;
    const std::string cname = rr(kPtr, 5, 30, wire("txt.example.test"));
    const Row rows[] = {
        {"TXT, two strings", with({rr(kPtr, 16, 300, "\x05hello\x05world")}), Type::TXT, "answer ok 300 0568656c6c6f05776f726c64"},
        {"two TXT records: the lower TTL", with({rr(kPtr, 16, 300, "\x01" "a"), rr(kPtr, 16, 60, "\x01" "b")}), Type::TXT,
         "answer ok 60 0161 0162"},
        {"an empty TXT string", with({rr(kPtr, 16, 5, std::string("\0", 1))}), Type::TXT, "answer ok 5 00"},
        {"A", with({rr(kPtr, 1, 10, std::string("\xc0\x00\x02\x01", 4))}, 1), Type::A, "answer ok 10 c0000201"},
        {"AAAA", with({rr(kPtr, 28, 10, "\x20\x01\x0d\xb8" + std::string(11, '\0') + "\x01")}, 28), Type::AAAA,
         "answer ok 10 20010db8000000000000000000000001"},
        {"MX, its name compressed: uncompressed", with({rr(kPtr, 15, 10, u16(10) + "\x02mx\xc0\x11")}, 15), Type::MX,
         "answer ok 10 000a026d78076578616d706c65047465737400"},
        {"PTR", with({rr(kPtr, 12, 10, wire("host.example.test"))}, 12), Type::PTR,
         "answer ok 10 04686f7374076578616d706c65047465737400"},
        {"a CNAME, then the TXT", with({cname, rr(wire("txt.example.test"), 16, 300, "\x01z")}), Type::TXT, "answer ok 300 017a"},
        {"a CNAME only: no data", with({cname}), Type::TXT, "answer nodata 0"},
        {"no data: TTL min(SOA TTL, minimum)", nodata, Type::TXT, "answer nodata 300"},
        {"NXDOMAIN: TTL min(SOA TTL, minimum)", nxdomain, Type::TXT, "answer nxdomain 120"},
        {"NXDOMAIN without SOA: not cached", nx_no_soa, Type::TXT, "answer nxdomain 0"},
        {"SERVFAIL", servfail, Type::TXT, "servererror server answered rcode 2 (SERVFAIL)"},
        {"REFUSED", refused, Type::TXT, "servererror server answered rcode 5 (REFUSED)"},
        {"TC", truncated, Type::TXT, "truncated"},
        {"not a response", not_response, Type::TXT, "foreign"},
        {"another id", other_id, Type::TXT, "foreign"},
        {"another name", other_name, Type::TXT, "foreign"},
        {"another type", other_type, Type::TXT, "foreign"},
        {"the right question, asked for another type", with({rr(kPtr, 16, 1, "\x01x")}), Type::MX, "foreign"},
    };
    for (const Row& r : rows) {
        std::string what = r.what;
        CAPTURE(what);
        CHECK(summary(parse_reply(r.msg.bytes(), "MAIL.example.test", r.type, kId)) == r.want);
    }
}

TEST_CASE("broken replies are foreign, never a crash") {
    std::string good = with({rr(kPtr, 16, 300, "\x05hello")}).bytes();
    CHECK(summary(parse_reply(good, kQname, Type::TXT, kId)) == "answer ok 300 0568656c6c6f");
    for (size_t n = 0; n < good.size(); ++n) {
        CAPTURE(n);
        CHECK(summary(parse_reply(good.substr(0, n), kQname, Type::TXT, kId)) == "foreign");
    }
    std::string loop = Msg{}.bytes().substr(0, 12) + "\xc0\x0c" + u16(16) + u16(1);  // a name pointing at itself
    CHECK(summary(parse_reply(loop, kQname, Type::TXT, kId)) == "foreign");
    std::string long_rdata = with({rr(kPtr, 16, 300, "\x05hello")}).bytes();
    long_rdata[long_rdata.size() - 7] = char(0x40);  // rdlength 0x4006, past the end
    CHECK(summary(parse_reply(long_rdata, kQname, Type::TXT, kId)) == "foreign");
}
