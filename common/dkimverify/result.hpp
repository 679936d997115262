// result.hpp: the outcome of verifying one DKIM-Signature (RFC 6376 6.1,
// with the result words of RFC 8601 2.7.1), and its dkim= part of
// Authentication-Results: "dkim=pass header.d=example.org header.s=sel
// header.b=AbCdEfGh", with l= and t=y reported in the comment.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

namespace mp::dkimverify {

// Pass: verified. Fail: the body hash or the signature does not verify.
// Neutral: the signature header is malformed. Policy: verified or not, its
// algorithm is not acceptable (rsa-sha1, RFC 8301). TempError: the key could
// not be fetched in time. PermError: no usable key (missing, revoked p=,
// wrong k=, hash not allowed by h=) or the signature has expired.
enum class Status { Pass, Fail, Neutral, Policy, TempError, PermError };
const char* status_name(Status s);  // "pass", "fail", ...

struct SigResult {
    Status status = Status::Neutral;
    std::string reason;  // why (empty for a plain pass)
    std::string domain, selector, b_text, identity;
    std::optional<uint64_t> length;  // l=: only that many body bytes are signed
    bool testing = false;            // the key says t=y

    std::string authres() const;
};

}  // namespace mp::dkimverify
