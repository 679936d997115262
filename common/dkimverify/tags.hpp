// tags.hpp: DKIM tag=value lists (RFC 6376 3.2), the syntax of both the
// DKIM-Signature header and the key record in DNS, and the two records
// parsed from them. Pure parsing, unit-tested; errors are values that say
// what is wrong (they become "neutral" or "permerror" results).
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dkim/types.hpp"
#include "util/result.hpp"

namespace mp::dkimverify {

// Tag names to values, whitespace around both removed; an error for a
// duplicate tag, a tag without '=', or an empty name.
Result<std::map<std::string, std::string>> parse_tags(std::string_view text);

enum class SigAlg { RsaSha256, Ed25519Sha256, RsaSha1 };

struct Signature {
    SigAlg alg = SigAlg::RsaSha256;
    dkim::CanonPair canon{dkim::Canon::Simple, dkim::Canon::Simple};
    std::string domain, selector, identity;
    std::vector<std::string> headers;  // h=, as written
    std::string body_hash;             // bh= decoded
    std::string signature;             // b= decoded
    std::string b_text;                // b= as written, blanks removed (header.b)
    std::optional<uint64_t> length;    // l=
    std::optional<int64_t> timestamp, expires;
};

// The value of a DKIM-Signature header (unfolded or not).
Result<Signature> parse_signature(std::string_view value);

struct KeyRecord {
    std::string key_type = "rsa";     // k=
    std::string public_key;           // p= decoded; empty: revoked
    bool testing = false;             // t=y
    bool strict = false;              // t=s
    std::vector<std::string> hashes;  // h=, empty: any
};

Result<KeyRecord> parse_key_record(std::string_view text);

// The signature header's value with the b= tag's value removed, every
// other byte unchanged (RFC 6376 3.7: what the header hash covers).
std::string without_b(std::string_view value);

}  // namespace mp::dkimverify
