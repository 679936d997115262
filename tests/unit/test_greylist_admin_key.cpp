// test_greylist_admin_key.cpp: operator keys for `milterpack greylist`:
// masked and normalized like check()'s keys, or refused with a message that
// says what a key is (empty, CIDR, junk, triplet in client_ip mode).
#include <doctest/doctest.h>

#include <string>

#include "greylist/admin_key.hpp"
#include "util/strings.hpp"

using namespace mp::greylist;

TEST_CASE("operator keys") {
    KeyOptions ip{KeyMode::ClientIp, 0xFFFFFF00, 64};
    KeyOptions trip{KeyMode::Triplet, 0xFFFFFFFF, 64};
    struct Row {
        std::string text;
        KeyOptions o;
        bool exact_ok;
        std::string want;   // the key, or "" for an error
        std::string error;  // part of the message
    };
    const Row rows[] = {
        {"192.0.2.0", ip, false, "192.0.2.0", ""},
        {"192.0.2.77", ip, false, "192.0.2.0", ""},
        {" 192.0.2.0 ", ip, false, "192.0.2.0", ""},
        {"2001:db8:1:2:3:4:5:6", ip, false, "2001:db8:1:2::", ""},
        {"192.0.2.1 <A@B.example> <C@D.example>", trip, false, "192.0.2.1 <a@b.example> <c@d.example>", ""},
        {"192.0.2.1 <> <c@d.example>", trip, false, "192.0.2.1 <> <c@d.example>", ""},
        {"192.0.2.1", trip, false, "192.0.2.1", ""},
        {"192.0.2.1 <a@b> <c@d> #0123456789abcdef", trip, true, "192.0.2.1 <a@b> <c@d> #0123456789abcdef", ""},
        {"", ip, false, "", "empty key"},
        {"   ", ip, true, "", "empty key"},
        {"foo", ip, false, "", "not an IP address"},
        {"192.0.2.0/24", ip, false, "", "is a network"},
        {"2001:db8::/32", ip, false, "", "cltaddr:2001:db8::/32 OK"},
        {"192.0.2.1 <a@b> <c@d>", ip, false, "", "key = client_ip"},
        {"192.0.2.1 a@b c@d", trip, false, "", "angle brackets"},
        {"nope <a@b> <c@d>", trip, false, "", "not an IP address"},
        {"192.0.2.1 <a@b>", trip, false, "", "not a greylisting key"},
        {"192.0.2.1 <a@b> <c@d> #0123456789abcdef", trip, false, "", "not a greylisting key"},
    };
    for (const auto& r : rows) {
        auto k = admin_key(r.text, r.o, r.exact_ok);
        if (r.want.empty()) {
            REQUIRE_MESSAGE(!k, r.text);
            CHECK_MESSAGE(k.error().message.find(r.error) != std::string::npos, k.error().message);
        } else {
            REQUIRE_MESSAGE(k, r.text, ": ", k.error().message);
            CHECK(k->key == r.want);
            if (r.text == mp::util::trim(r.text)) CHECK(k->changed == (r.want != r.text));
        }
    }
}
