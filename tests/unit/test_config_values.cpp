// test_config_values.cpp: the scalar value forms of sendmail X README 3.2 (C numbers,
// booleans, time and size sequences), their overflow limits, and the
// canonical forms dump-config writes back.
#include <doctest/doctest.h>

#include <cstdint>
#include <limits>
#include <optional>
#include <string>

#include "config/config.hpp"
#include "config/values.hpp"

using namespace mp::config;

TEST_CASE("integers in C notation") {
    struct Case {
        const char* text;
        std::optional<int64_t> want;
    };
    const Case cases[] = {
        {"42", 42}, {"0", 0}, {"-7", -7}, {"-0", 0}, {"0x2A", 42}, {"0X2a", 42}, {"0xFFFFFF00", 0xFFFFFF00},
        {"052", 42}, {"07", 7}, {"-052", -42}, {"9223372036854775807", INT64_MAX},
        {"-9223372036854775808", INT64_MIN}, {"0x7fffffffffffffff", INT64_MAX},
        {"9223372036854775808", std::nullopt}, {"0x10000000000000000", std::nullopt},
        {"99999999999999999999999", std::nullopt}, {"08", std::nullopt}, {"0x", std::nullopt},
        {"0xg", std::nullopt}, {"", std::nullopt}, {"-", std::nullopt}, {"+1", std::nullopt},
        {"1 2", std::nullopt}, {" 1", std::nullopt}, {"1k", std::nullopt}, {"--1", std::nullopt},
    };
    for (const auto& c : cases) {
        CAPTURE(std::string(c.text));
        CHECK(parse_int(c.text) == c.want);
    }
}

TEST_CASE("booleans, case-insensitive") {
    for (const char* t : {"1", "true", "TRUE", "on", "On", "yes", "YES"}) CHECK(parse_bool(t) == true);
    for (const char* f : {"0", "false", "False", "off", "OFF", "no", "No"}) CHECK(parse_bool(f) == false);
    for (const char* bad : {"", "2", "y", "n", "enable", "yes please", "01"}) CHECK_FALSE(parse_bool(bad));
}

TEST_CASE("times: units w d h m s, sequences, bare seconds") {
    struct Case {
        const char* text;
        std::optional<int64_t> want;
    };
    const Case cases[] = {
        {"0", 0}, {"90", 90}, {"5s", 5}, {"5m", 300}, {"2h", 7200}, {"1d", 86400}, {"1w", 604800},
        {"1h 5m 12s", 3912}, {"1h5m12s", 3912}, {"5m3s", 303}, {"1H 5M", 3900}, {"5 m", 300},
        {"1w 1w", 2 * 604800}, {"  7m  ", 420}, {"1h 30", std::nullopt}, {"30 1h", std::nullopt},
        {"1 2", std::nullopt}, {"", std::nullopt}, {"h", std::nullopt}, {"5x", std::nullopt},
        {"5ms", std::nullopt}, {"-5s", std::nullopt}, {"1.5h", std::nullopt}, {"0x10s", std::nullopt},
        {"9223372036854775807s", INT64_MAX}, {"9223372036854775808s", std::nullopt},
        {"15250284452472w", std::nullopt}, {"30500568904944w", std::nullopt}, {"9223372036854775807s 1s", std::nullopt},
    };
    for (const auto& c : cases) {
        CAPTURE(std::string(c.text));
        CHECK(parse_time(c.text) == c.want);
    }
}

TEST_CASE("sizes: B K KB M MB G GB, bare bytes") {
    struct Case {
        const char* text;
        std::optional<uint64_t> want;
    };
    const Case cases[] = {
        {"0", 0}, {"100", 100}, {"100B", 100}, {"1KB", 1024}, {"1k", 1024}, {"2MB", 2 << 20},
        {"2m", 2 << 20}, {"1GB", 1u << 30}, {"1gb", 1u << 30}, {"10 MB", 10 << 20}, {"1MB 512KB", (1 << 20) + (512 << 10)},
        {"18446744073709551615", UINT64_MAX}, {"18446744073709551616", std::nullopt},
        {"17179869184GB", std::nullopt}, {"1TB", std::nullopt}, {"1KiB", std::nullopt}, {"KB", std::nullopt},
        {"", std::nullopt}, {"-1KB", std::nullopt}, {"1 2", std::nullopt},
    };
    for (const auto& c : cases) {
        CAPTURE(std::string(c.text));
        CHECK(parse_size(c.text) == c.want);
    }
}

TEST_CASE("canonical forms parse back to the same value") {
    struct TimeCase {
        int64_t secs;
        const char* text;
    };
    for (auto [secs, text] : {TimeCase{0, "0s"}, {59, "59s"}, {3912, "1h 5m 12s"}, {604800, "1w"},
                              {694861, "1w 1d 1h 1m 1s"}, {INT64_MAX, "15250284452471w 3d 15h 30m 7s"}}) {
        CHECK(format_time(secs) == text);
        CHECK(parse_time(format_time(secs)) == secs);
    }
    struct SizeCase {
        uint64_t bytes;
        const char* text;
    };
    for (auto [bytes, text] : {SizeCase{0, "0B"}, {1000, "1000B"}, {1024, "1KB"}, {1536, "1536B"},
                               {10u << 20, "10MB"}, {3ull << 30, "3GB"}, {UINT64_MAX, "18446744073709551615B"}}) {
        CHECK(format_size(bytes) == text);
        CHECK(parse_size(format_size(bytes)) == bytes);
    }
    CHECK(quote("a\"b\\c\nd\te") == "\"a\\\"b\\\\c\\nd\\te\"");
    CHECK(word_or_quote("abc/d:e@f") == "abc/d:e@f");
    CHECK(word_or_quote("a b") == "\"a b\"");
    CHECK(word_or_quote("") == "\"\"");
    CHECK(word_or_quote("a#b") == "\"a#b\"");
}
