// options.hpp: one `rule LABEL { ... }` section as a plain value, and its
// option table (config/table.hpp). Patterns are compiled while the file is
// read, so a bad pattern is an error at its option's file:line:column and a
// loaded rule never compiles anything. docs/rules.md describes the grammar.
//
//   rule slow_dynamic {
//       stage = rcpt;                        # connect helo mail rcpt header eoh
//       client = { "10.0.0.0/8", "2001:db8::/32" };
//       client_name = "(^|[.-])(dyn|pool|dsl)[0-9.-]";  # pcre2, UTF-8
//       helo = "..."; from = "..."; rcpt = "...";
//       header = { "Subject", "^\\[SPAM\\]" };          # name, pcre2 on the value
//       authenticated = no;                  # yes | no | any (default)
//       action = greylist;                   # accept reject tempfail discard greylist
//                                            # skip_greylisting add_header continue
//       reply = "550 5.7.1 Refused: %t";     # %t = the matched text
//       grey_wait = 30m; white_expire = 30d; # greylist: this rule's own delays
//       add_header = "X-Rule: slow_dynamic"; # added when the rule matches
//       on_match_error = tempfail;           # match limit hit: tempfail | accept | continue
//       dnsbl = { "zen" }; dnswl = "dnswl";  # client listed on a dnsbl / dnswl section (%t = its TXT)
//   }
// And (match.cpp, stages data and eom):
//       body = "(?i)unsubscribe";            # pcre2 per line of the decoded body text (eom)
//       size = "> 10m";                      # SIZE= from mail on; the counted message at eom
//       rcpt_count = ">= 20";                # accepted recipients (data, header, eoh, eom)
//       spf = { fail, softfail };            # this transaction's SPF result (mail on)
//       tls = verified;                      # verified | any | none (mail on)
//       action = quarantine; reply = "held: %t";  # quarantine: reply is the reason
#pragma once
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "config/table.hpp"
#include "rules/compare.hpp"
#include "rules/regex.hpp"
#include "util/net.hpp"
#include "util/result.hpp"
#include "verdict/reply.hpp"

namespace mp::rules {

// SMTP order: a rule names the one stage it is evaluated at.
enum class Stage { Connect, Helo, Mail, Rcpt, Data, Header, Eoh, Eom };
enum class Action { Accept, Reject, Tempfail, Discard, Greylist, SkipGreylisting, AddHeader, Continue, Quarantine };
enum class Auth { Any, Yes, No };
enum class OnMatchError { Tempfail, Accept, Continue };
enum class Tls { Verified, Any, None };  // a verified client certificate / any TLS / plain text

struct HeaderMatch {
    std::string name;  // compared case-insensitively
    Regex value;
};

struct Options {
    std::string label;
    Stage stage = Stage::Rcpt;
    std::vector<util::Network> client;  // any of them; empty: any client
    std::optional<Regex> client_name, helo, from, rcpt;
    std::optional<HeaderMatch> header;
    Auth authenticated = Auth::Any;
    Action action = Action::Continue;
    std::optional<verdict::Reply> reply;  // reject/tempfail; unset: the MTA's default reply
    std::chrono::seconds grey_wait{0};     // greylist: 0 = the greylisting section's
    std::chrono::seconds white_expire{0};  // greylist: 0 = the greylisting section's
    std::string add_header_name, add_header_value;  // add_header = "Name: value"
    OnMatchError on_match_error = OnMatchError::Tempfail;
    // match.cpp
    std::optional<Regex> body;                 // per line of the decoded text, stage eom
    std::optional<Compare> size, rcpt_count;
    std::vector<std::string> spf;              // RFC 7208 result words; empty: any
    std::optional<Tls> tls;
    std::string quarantine_reason;             // action quarantine: the reply option's text
    // DNS lists (common/dnsbl): the client is on any of these dnsbl / dnswl
    // sections (labels, checked against the sections when the Engine is built).
    std::vector<std::string> dnsbl, dnswl;
};

const config::Table<Options>& table();  // "rule", labelled, repeatable

Result<Options, config::Diagnostic> options_from(const config::Section& section);

const char* stage_name(Stage s);
const char* action_name(Action a);

}  // namespace mp::rules
