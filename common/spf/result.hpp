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
    std::string detail;       // errors: what went wrong; else a note libspf2 gave ("" normally)
    std::string comment;      // why, for the log and the header comment (describe())
    std::string received_spf; // value of a Received-SPF header, unfolded (describe())
    bool cached = false;      // from the result cache (cache.hpp)

    // "spf=pass smtp.mailfrom=example.org" (RFC 8601 2.7.2), with the comment.
    std::string authres() const;
};

// Writes comment and received_spf from the result, the identity and the
// detail, the same way whether the result is fresh or cached (cache.hpp):
//   comment:  "RECEIVER: domain of SENDER designates IP as permitted sender"
//             (the words of RFC 7208 9.1's example for each result; errors:
//             "RECEIVER: error in processing during lookup of SENDER: DETAIL")
//   received_spf: "pass (COMMENT) client-ip=IP; envelope-from=SENDER;
//             helo=HELO; receiver=RECEIVER; identity=mailfrom;"
void describe(Outcome& o, std::string_view receiver, std::string_view ip, std::string_view helo);

}  // namespace mp::spf
