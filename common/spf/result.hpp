// result.hpp: what one SPF check found (RFC 7208 2.6), as a value: the result,
// the identity checked (MAIL FROM, or HELO), its domain, the explanation a
// fail reply quotes (exp= when the record has one), and the texts of the
// Received-SPF header (RFC 7208 9.1) and of the spf part of
// Authentication-Results (RFC 8601 2.7.2). Written by check.cpp, read by the
// policy stage and the header writers.
#pragma once
#include <string>
#include <string_view>

namespace mp::spf {

enum class Status { None, Neutral, Pass, Fail, SoftFail, TempError, PermError };
const char* result_name(Status r);  // RFC 7208 words: "pass", "softfail", "temperror", ...

enum class Identity { MailFrom, Helo };

struct Outcome {
    Status result = Status::None;
    Identity identity = Identity::MailFrom;
    std::string domain;       // the checked domain (sender's, or the HELO name)
    std::string sender;       // the identity as checked: "user@domain" or "postmaster@helo"
    std::string explanation;  // Fail: exp= text, or the default explanation
    std::string comment;      // why, for the log and the header comment
    std::string received_spf; // value of a Received-SPF header, unfolded

    // "spf=pass smtp.mailfrom=example.org" (RFC 8601 2.7.2), with the comment.
    std::string authres() const;
};

}  // namespace mp::spf
