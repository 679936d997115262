// sigheader.hpp: the text of a DKIM-Signature header field (RFC 6376 3.5),
// folded so no line passes 78 columns (a TAB counts as 8). The signature is
// computed over this exact text with b= empty, so the builder produces the
// value up to "b=" first, and the caller appends the folded b= data after
// signing. Only FWS is added where the ABNF allows it: between tags, after a
// ':' in h=, and inside the base64 of bh= and b= (RFC 6376 3.5, 2.4).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dkim/types.hpp"

namespace mp::dkim {

inline constexpr std::string_view kSigName = "DKIM-Signature";

struct SigFields {
    Algorithm alg = Algorithm::RsaSha256;
    CanonPair canon;
    std::string domain{};
    std::string selector{};
    std::string identity{};  // i=, omitted when empty
    std::vector<std::string> headers{};  // h=, in order
    std::string body_hash_b64;
    std::optional<uint64_t> length{};    // l=
    std::optional<int64_t> timestamp{};  // t=
    std::optional<int64_t> expires{};    // x=
};

// The value after "DKIM-Signature:" (leading space included), folded with
// CRLF+TAB, ending in "b=" with nothing after it.
std::string sig_value_without_b(const SigFields& f);
// `prefix` from sig_value_without_b with the base64 signature appended, folded.
std::string append_b(std::string prefix, std::string_view b64);
// The same value folded with LF+TAB instead of CRLF+TAB (sendmail keeps
// header values with bare LF and writes CRLF on the wire).
std::string lf_folded(std::string_view value);

}  // namespace mp::dkim
