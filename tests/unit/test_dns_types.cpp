// test_dns_types.cpp: rdata decoders on good and malformed input.
#include <doctest/doctest.h>

#include "dns/types.hpp"

using namespace mp::dns;
using namespace std::string_literals;

TEST_CASE("TXT character-strings are joined") {
    struct Case {
        std::string rdata;
        const char* text;  // nullptr: an error
    };
    for (const auto& c : {Case{"\x06v=spf1"s, "v=spf1"}, Case{"\x03" "abc\x02" "de"s, "abcde"},
                          Case{"\x00"s, ""}, Case{""s, ""}, Case{"\x05" "abc"s, nullptr}}) {
        CAPTURE(c.rdata);
        auto t = txt_text(c.rdata);
        REQUIRE(bool(t) == (c.text != nullptr));
        if (c.text) CHECK(*t == c.text);
    }
}

TEST_CASE("addresses") {
    CHECK(*address_text("\xc0\x00\x02\x01"s) == "192.0.2.1");
    CHECK(*address_text("\x20\x01\x0d\xb8"s + std::string(11, '\0') + "\x01"s) == "2001:db8::1");
    CHECK_FALSE(address_text("\x01\x02\x03"s));
}

TEST_CASE("MX records and wire names") {
    auto mx = mx_record("\x00\x0a\x04mail\x07" "example\x00"s);
    REQUIRE(mx);
    CHECK(mx->preference == 10);
    CHECK(mx->host == "mail.example");
    CHECK_FALSE(mx_record("\x00\x0a"s));
    CHECK_FALSE(mx_record("\x00\x0a\x04mai"s));                // label past the end
    CHECK_FALSE(mx_record("\x00\x0a\xc0\x0c"s));               // compression pointer
    CHECK_FALSE(mx_record("\x00\x0a\x04mail"s));               // no root label
    size_t pos = 0;
    CHECK(*wire_name("\x00"s, pos) == "");
    CHECK(pos == 1);
}

TEST_CASE("names of types and statuses") {
    CHECK(std::string(type_name(Type::TXT)) == "TXT");
    CHECK(std::string(status_name(Status::TempError)) == "temperror");
    CHECK(temp_error("x").status == Status::TempError);
}
