// test_client.cpp: the client's protocol checks against crafted filter
// answers. No real filter sends malformed packets, so a scripted peer on a
// unix socket plays the filter here: it reads the OPTNEG, writes fixed bytes,
// and waits for the client to hang up. Real filters: fixture-test.sh.
#include <doctest/doctest.h>
#include <libmilter/mfapi.h>
#include <libmilter/mfdef.h>
#include <poll.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>
#include <string>
#include <thread>

#include "client.hpp"
#include "script.hpp"

using namespace mp::miltclient;

namespace {

std::string pkt(char cmd, const std::string& data) {
    std::string out;
    encode(out, cmd, data);
    return out;
}

std::string optneg(std::uint32_t version = 6, std::uint32_t actions = SMFIF_ADDHDRS, std::uint32_t proto = 0,
                   const std::string& tail = "") {
    std::string d;
    put_u32(d, version);
    put_u32(d, actions);
    put_u32(d, proto);
    return pkt('O', d + tail);
}

// A one-connection peer that answers with fixed bytes.
class Peer {
public:
    explicit Peer(std::string answer, bool hangup = false) {
        char tmpl[] = "/tmp/miltclient-test.XXXXXX";
        dir_ = mkdtemp(tmpl);
        path_ = dir_ + "/s";
        lfd_ = socket(AF_UNIX, SOCK_STREAM, 0);
        sockaddr_un sun{};
        sun.sun_family = AF_UNIX;
        std::strcpy(sun.sun_path, path_.c_str());
        REQUIRE(bind(lfd_, reinterpret_cast<sockaddr*>(&sun), sizeof sun) == 0);
        REQUIRE(listen(lfd_, 1) == 0);
        th_ = std::thread([this, answer, hangup] { serve(answer, hangup); });
    }
    ~Peer() {
        th_.join();
        ::close(lfd_);
        unlink(path_.c_str());
        rmdir(dir_.c_str());
    }
    std::string spec() const { return "unix:" + path_; }

private:
    void serve(const std::string& answer, bool hangup) {
        int fd = accept(lfd_, nullptr, nullptr);
        if (fd < 0) return;
        char buf[4096];
        (void)!read(fd, buf, 17);  // the OPTNEG packet
        (void)!write(fd, answer.data(), answer.size());
        pollfd p{fd, POLLIN, 0};
        while (!hangup && poll(&p, 1, 60000) > 0 && read(fd, buf, sizeof buf) > 0) {}  // until the client hangs up
        ::close(fd);
    }
    std::string dir_, path_;
    int lfd_ = -1;
    std::thread th_;
};

// The peer answers at once, so a passing case never waits on the timeout:
// 30 s only bounds a failing run (and survives TSan on a loaded machine).
// The cases that expect the timeout get 300 ms against a peer that stays
// silent until the client hangs up.
ClientOptions opts(const std::string& expected_error = "") {
    ClientOptions o;
    o.timeout_ms = expected_error.rfind("timeout", 0) == 0 ? 300 : 30000;
    return o;
}

ConnectInfo ci() { return *connect_info("a.example", "192.0.2.1", 25); }

}  // namespace

TEST_CASE("bad OPTNEG answers are errors") {
    struct Case {
        std::string answer, error;
        bool hangup = false;
    } cases[] = {
        {pkt('c', ""), "OPTNEG: filter answered 'c', not 'O'"},
        {pkt('O', std::string(8, '\0')), "malformed OPTNEG reply: 8 bytes"},
        {optneg(1), "unsupported filter protocol version 1"},
        {optneg(6, 0x200), "filter wants actions not offered: 0x200"},
        {optneg(6, 0, 0x00200000), "filter wants protocol steps not offered: 0x200000"},
        {optneg(6, 0, 0, std::string("\0\0\0\0{a}", 7)), "symbol list not NUL-terminated"},
        {optneg(6, 0, 0, std::string("\0\0\0\x09{a}\0", 8)), "symbol list for unknown stage 9"},
        {"", "filter closed the connection", true},
        {"", "timeout after 300 ms"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.error);
        Peer peer(c.answer, c.hangup);
        auto cl = Client::open(peer.spec(), opts(c.error));
        REQUIRE_FALSE(cl);
        CHECK(cl.error().message.find(c.error) != std::string::npos);
    }
}

TEST_CASE("bad replies to a command are errors") {
    std::string big;
    put_u32(big, (64u << 20) + 1);
    struct Case {
        std::string reply, error;
    } cases[] = {
        {pkt('y', "550 5.7.1 no NUL"), "malformed reply 'y' (16 data bytes): string not NUL-terminated"},
        {pkt('y', std::string("250 ok\0", 7)), "reply text must start with a 4xx/5xx code"},
        {pkt('h', std::string("X\0v\0", 4)), "connect: addheader X: v: action before end of message"},
        {pkt('Z', ""), "malformed reply 'Z' (0 data bytes): unknown reply code"},
        {pkt('c', "x"), "unexpected data"},
        {pkt('s', ""), "skip outside the body"},
        {std::string(4, '\0'), "zero-length packet"},
        {big + "c", "exceeds limit"},
        {"", "timeout after 300 ms"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.error);
        Peer peer(optneg() + c.reply);
        auto cl = Client::open(peer.spec(), opts());
        REQUIRE(cl);
        cl->set_timeout_ms(opts(c.error).timeout_ms);  // short only where the timeout is the point
        auto s = cl->connect(ci());
        REQUIRE_FALSE(s);
        CHECK(s.error().message.find(c.error) != std::string::npos);
    }
}

TEST_CASE("EOM actions, progress and the final reply") {
    std::string ins;
    put_u32(ins, 0);
    ins += std::string("X-A\0 v\n\tw\0", 10);
    Peer peer(optneg(6, SMFIF_ADDHDRS, SMFIP_NOCONNECT | SMFIP_HDR_LEADSPC) + pkt('p', "") + pkt('i', ins) +
              pkt('y', std::string("451 4.3.0 later\0", 16)));
    auto cl = Client::open(peer.spec(), opts());
    REQUIRE(cl);
    auto c = cl->connect(ci());
    REQUIRE(c);
    CHECK(c->status == Step::Status::not_sent);
    auto e = cl->eom();
    REQUIRE(e);
    REQUIRE(e->replies.size() == 2);
    CHECK(describe(e->replies[0], cl->leadspc()) == "insheader 0 X-A: v\\n\\tw");
    CHECK(describe(e->replies[1], cl->leadspc()) == "tempfail 451 4.3.0 later");
}

TEST_CASE("an action the filter did not negotiate is an error") {
    Peer peer(optneg(6, 0) + pkt('h', std::string("X\0v\0", 4)));
    auto cl = Client::open(peer.spec(), opts());
    REQUIRE(cl);
    auto e = cl->eom();
    REQUIRE_FALSE(e);
    CHECK(e.error().message == "eom: addheader X: v: action not negotiated (ADDHDRS)");
}

TEST_CASE("script errors name file:line:column") {
    struct Case {
        std::string text, error;
    } cases[] = {
        {"helo\n", "s:1:1: wrong number of arguments for helo"},
        {"\n# c\nfrobnicate x\n", "s:3:1: unknown command: frobnicate"},
        {"macro body a=b\n", "s:1:7: not a macro stage: body"},
        {"macro mail i=1 =x\n", "s:1:16: want NAME=VALUE: =x"},
        {"connect h 192.0.2.1 prot 25\n", "s:1:21: want: connect HOST ADDRESS [port N]"},
        {"connect h 192.0.2.1 port 70000\n", "s:1:26: bad port: 70000"},
        {"connect h 300.1.1.1\n", "s:1:11: bad client address"},
        {"header Sub ject: x\n", "s:1:8: want: header NAME: VALUE"},
        {"expect-re eom (\n", "s:1:15: bad regex"},
        {"expect quit x\n", "s:1:8: unknown stage: quit"},
        {"mail \"<a@b>\n", "s:1:6: unterminated quote"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.text);
        auto s = parse_script(c.text, "s", ".");
        REQUIRE_FALSE(s);
        CHECK(s.error().message.substr(0, c.error.size()) == c.error);
    }
    auto ok = parse_script("macro connect j=\"a b\" {x}=\nmail \"<a b@c>\" SIZE=1\n", "s", ".");
    REQUIRE(ok);
    CHECK(ok->lines[0].args[1] == "j=a b");
    CHECK(ok->lines[1].args[0] == "<a b@c>");
}
