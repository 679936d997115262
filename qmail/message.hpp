// message.hpp: the message qmail-queue reads on fd 0 (LF line ends, no dot
// stuffing) as milterpack's policy sees it, and back. split() finds the
// header fields (a line that is neither a field nor a folded continuation
// ends the header block, as in sendmail 8) and the body; field() gives a
// value as libmilter does with SMFIP_HDR_LEADSPC (after the colon, leading
// blank kept, folded lines joined with CRLF); crlf() turns body lines into
// the CRLF form the policy (DKIM, scanners) expects; rewrite() applies the
// verdict's header edits with libmilter's index rules (add: append; insert:
// before the 0-based position; change/delete: the Nth field of that name,
// 1-based) and returns the new header block (with the blank line when the
// message had one): the real qmail-queue gets it, then the body unchanged.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "util/result.hpp"
#include "verdict/verdict.hpp"

namespace mp::qmail {

struct Field {
    std::string name;
    std::string raw;  // the field's lines as received, each ending in LF
};

struct Split {
    std::vector<Field> fields;
    size_t body = 0;     // offset of the body (after the blank line, if any)
    bool blank = false;  // a blank line separated header and body
};

Split split(std::string_view msg);
std::string value_of(const Field& f);  // libmilter's form of the value
std::string crlf(std::string_view lf_text);
std::string edited_head(const Split& s, const std::vector<verdict::HeaderEdit>& edits);

}  // namespace mp::qmail
