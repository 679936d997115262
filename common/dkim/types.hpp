// types.hpp: the small vocabulary shared by every DKIM file here: signing
// algorithms (RFC 6376 rsa-sha256, RFC 8463 ed25519-sha256) and the two
// canonicalizations (RFC 6376 3.4), with their names as written in a= and c=.
#pragma once
#include <optional>
#include <string_view>

namespace mp::dkim {

enum class Algorithm { RsaSha256, Ed25519Sha256 };
enum class Canon { Simple, Relaxed };

constexpr std::string_view name(Algorithm a) {
    return a == Algorithm::RsaSha256 ? "rsa-sha256" : "ed25519-sha256";
}
constexpr std::string_view name(Canon c) { return c == Canon::Simple ? "simple" : "relaxed"; }

struct CanonPair {
    Canon header = Canon::Relaxed;
    Canon body = Canon::Relaxed;
};

// "relaxed/simple", or one word meaning "<word>/simple" as c= does (RFC 6376 3.5).
std::optional<CanonPair> parse_canon(std::string_view text);

}  // namespace mp::dkim
