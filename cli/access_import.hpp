// access_import.hpp: `milterpack access import FILE`, the sendmail 8 access_db
// source file (the text makemap reads) converted to a milterpack access map
// (sendmail X README 3.9.3 tags). Pure: text in, map text and errors out.
//
//   sendmail 8                     sendmail X / milterpack
//   Connect:10.2.3.4 / 10.2        cltaddr:10.2.3.4 / cltaddr:10.2
//   Connect:IPv6:2001:db8::1       cltaddr:2001:db8::1
//   Connect:host.example           cltname:host.example + cltname:.host.example
//   From:user@dom / To:user@dom    from:user@dom / to:user@dom
//   From:user@                     from:user (the local part alone)
//   From:dom / To:dom              from:@dom + from:@.dom (sendmail 8 matches subdomains)
//   CERTISSUER:dn / CERTSUBJECT:dn certissuer:dn / certsubject:dn
//   bare IP                        cltaddr:
//   bare domain                    cltname:, from: and to: with their subdomain forms
//   bare user@dom                  from: and to:
//   OK RELAY REJECT DISCARD        ok relay reject discard
//   SKIP (stop this lookup)        cont
//   SUBJECT (CERTISSUER only)      cont
//   ERROR:"D.S.N:XYZ text"         error:XYZ D.S.N text (also ERROR:XYZ text)
// RELAY on a from: key becomes ok (sendmail X relays by client or recipient
// only; sendmail 8 without FEATURE(relay_mail_from) treats it as OK too).
// Tagged entries win over bare ones with the same converted key, as sendmail
// 8 looks up the tagged key first; the bare entry's line is left out with a
// comment. Everything else that has no equivalent (Spam:, ClientRate:,
// QUARANTINE:, IPv6 prefixes, the null sender <>) is an error with
// file:line:column; the rest of the file is still converted.
#pragma once
#include <string>
#include <string_view>

#include "maps/lines.hpp"

namespace mp::cli {

struct AccessImport {
    std::string map;      // the converted access map, one entry per line
    maps::Errors errors;  // "file:line:column: message" for what was not converted
};

// `name` is the file name used in the errors and in the map's header comment.
AccessImport import_access(std::string_view text, const std::string& name);

}  // namespace mp::cli
