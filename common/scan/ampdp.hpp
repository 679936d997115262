// ampdp.hpp: amavisd-new's AM.PDP protocol, text only (no I/O).
// A request and a response are lines "name=value" CRLF ended by an empty
// line. Values are %xx-encoded outside 0x21-0x24,0x26-0x7E (so a blank is
// %20 and a blank separates the fields of one value: "setreply=550 5.7.1
// Virus%20found"). Responses are parsed strictly: a line without "=", a bad
// escape, a wrong field count, an unknown return_value, a reply code that is
// not NNN N.N.N, a header name with blanks or controls, or a missing
// return_value is an error value, never a clean pass. Unknown attribute names
// (version_server, log_id, later additions) are ignored.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "scan/outcome.hpp"
#include "util/result.hpp"

namespace mp::scan {

inline constexpr size_t kAmpdpResponseMax = 64 * 1024;

struct AmpdpRequest {
    std::string sender;  // "<a@b>" or "<>"; angle brackets added when missing
    std::vector<std::string> recipients;
    std::string tempdir, mail_file;
    std::string queue_id, client_address, client_name, helo_name, protocol_name, policy_bank;
};

std::string ampdp_encode(std::string_view value);
Result<std::string> ampdp_decode(std::string_view field);
std::string ampdp_request(const AmpdpRequest& r);
// `text` is the whole response, empty line included.
Result<AmavisAnswer> ampdp_parse_response(std::string_view text);

}  // namespace mp::scan
