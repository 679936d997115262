// state.hpp: one session's state, shared by the stage files (session.cpp for
// the envelope stages, content.cpp for headers, body and end-of-data).
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "access/session.hpp"
#include "dkim/signer.hpp"
#include "dnsbl/listing.hpp"
#include "greylist/header.hpp"
#include "policy/auth.hpp"
#include "policy/facts.hpp"
#include "rules/mime.hpp"
#include "rules/ruleset.hpp"
#include "verdict/verdict.hpp"
#include "scan/scanner.hpp"

namespace mp::policy {

class Engine;

struct SessionState {
    explicit SessionState(access::SessionChecks c) : checks(std::move(c)) {}

    access::SessionChecks checks;
    ClientFacts client;
    MailFacts mail;
    std::string qid;
    std::optional<verdict::Verdict> refused;  // session rejection, answered at HELO and MAIL
    std::vector<std::string> rcpts;  // accepted by us in this transaction
    // Content stage of the current transaction.
    std::unique_ptr<scan::ChainJob> scan;
    std::unique_ptr<dkim::Job> dkim;
    bool content_started = false;
    bool headers_ended = false;  // eoh seen (or implied by body/eom)
    // How often each X-Virus-* header came with the message (lowercased name):
    // a status header milterpack adds replaces the client's copies.
    std::vector<std::pair<std::string, int>> status_headers;
    AuthState auth;  // SPF result, incoming Authentication-Results (auth.hpp)
    std::optional<verdict::Verdict> greylisted;  // delay_greylisting_error_until_DATA: answered at DATA
    // Rules (rules_stage.cpp): headers matching rules add, given at end-of-data
    // (session: connect/HELO rules; transaction: the others), and a header
    // rule's decision, answered at end of headers.
    std::vector<verdict::HeaderEdit> rule_headers_session, rule_headers;
    std::optional<verdict::Verdict> rule_content;
    // Rules' view of the rest (rules_stage.cpp): the TLS facts of the latest
    // HELO, the counted message (header fields and body), the decoded body
    // for body patterns (from the first header while some rule reads it), a
    // quarantine chosen before end of data (applied there).
    TlsFacts tls;
    uint64_t counted = 0;
    std::unique_ptr<rules::MimeWalker> rule_body;
    std::optional<std::string> rule_quarantine;
    std::string mta_host;            // {j}, when the adapter knows it
    greylist::HeaderNote grey_note;  // this message's X-Greylist: (greylist_header.cpp)
    dnsbl::Listings listings;  // the DNS lists the client is on, asked at connect (dnsbl_stage.hpp)
};

// content.cpp: headers, body and end-of-data for the scanners and DKIM.
void content_header(const Engine& e, SessionState& st, std::string_view name, std::string_view value);
// eoh, body and eom start the content stage when no header came first (a
// message without header fields is scanned all the same).
void content_eoh(const Engine& e, SessionState& st);
void content_body(const Engine& e, SessionState& st, std::string_view chunk);
// The scanners' verdict; when the message goes on, the DKIM signatures too.
verdict::Verdict content_eom(const Engine& e, SessionState& st);
void content_reset(SessionState& st);

// greylist_header.cpp: X-Greylist: for a message going on (greylisting { add_header = yes; }).
void greylist_header(const Engine& e, SessionState& st, verdict::Verdict& v);

// rcpt_stage.cpp: the checks after the access map's own at RCPT.
verdict::Verdict rcpt_protected(const Engine& e, SessionState& st, std::string_view rcpt);
// `to` is the access map's decision for this recipient (ok/relay exempt it).
// The recipient call-ahead (callahead section); `to` as for greylisting.
verdict::Verdict rcpt_callahead(const Engine& e, SessionState& st, std::string_view rcpt, const access::Decision& to);
// `rule`: what the rules said at this RCPT (a greylist rule's own delays).
// Notes in st.grey_note why the recipient was or was not delayed.
verdict::Verdict rcpt_greylist(const Engine& e, SessionState& st, std::string_view rcpt, const access::Decision& to,
                               const rules::Outcome& rule);

}  // namespace mp::policy
