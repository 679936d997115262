// auth.hpp: the policy hooks of sender authentication (SPF now; DKIM
// verification and DMARC join the same state): what an Engine builds from
// the dns, spf and authentication_results sections, the per-transaction
// state, and the two stage hooks the session calls.
//   auth_mail: SPF at MAIL (after the access map, unless it trusted the
//              session), its verdict for the MAIL command;
//   auth_header: remembers incoming Authentication-Results claiming our id,
//              and feeds DKIM verification (auth_body: the body chunks);
//   auth_eom:  at end of data, when the message goes on: DMARC's verdict
//              (reject or quarantine by the dmarc section), the Received-SPF
//              and Authentication-Results headers, the deletions of forged A-R.
// And greylisting's question at RCPT (spf_pass_skip): did this transaction's
// SPF check at MAIL pass for a domain of greylisting's skip_spf_pass_from?
#pragma once
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "authres/authres.hpp"
#include "config/config.hpp"
#include "dkimverify/verifier.hpp"
#include "dmarc/check.hpp"
#include "dns/resolver.hpp"
#include "maps/source.hpp"
#include "spf/check.hpp"
#include "spf/options.hpp"
#include "spf/passlist.hpp"
#include "verdict/verdict.hpp"

namespace mp::policy {

struct AuthParts {
    std::shared_ptr<dns::Resolver> resolver;  // when a module needs DNS
    std::optional<spf::Options> spf;
    std::unique_ptr<spf::Checker> spf_checker;
    std::optional<authres::Options> authres;
    std::optional<dkimverify::Options> dkim;  // dkim_verify section
    std::optional<dmarc::Options> dmarc;
    // greylisting { skip_spf_pass_from = "file:..."; }, reloaded with the maps.
    std::unique_ptr<maps::Source<spf::PassList>> spf_pass_from;
    bool wants_content() const { return authres || dkim; }
    // The longest end of data waits for DNS: the DKIM key lookups of a
    // message share dkim_verify's timeout, then DMARC's record lookups share
    // dmarc's (zero when neither is on). SPF waits at MAIL, not here.
    std::chrono::seconds eom_dns_bound() const {
        if (!resolver) return std::chrono::seconds(0);
        return (dkim ? dkim->timeout : std::chrono::seconds(0)) + (dmarc ? dmarc->timeout : std::chrono::seconds(0));
    }
};

struct AuthState {
    std::optional<spf::Outcome> spf;  // this transaction's MAIL check
    std::vector<int> forged_authres;  // 1-based indexes of incoming A-R with our id
    int authres_seen = 0;             // Authentication-Results headers so far
    std::unique_ptr<dkimverify::Job> dkim;  // from the first header to end of data
    std::vector<std::string> from_domains;  // one per From: header ("" when it has no address)
    void reset() { *this = AuthState{}; }  // content_reset: at MAIL, abort, after end of data
};

struct ClientFacts;
struct MailFacts;

// The system's host name, the default of receiver and authserv_id.
std::string host_name();
void build_auth(const config::Section& root, AuthParts& p, config::Diagnostics& d);
verdict::Verdict auth_mail(const AuthParts& p, AuthState& st, const ClientFacts& client, const MailFacts& mail);
void auth_header(const AuthParts& p, AuthState& st, std::string_view name, std::string_view value);
void auth_body(AuthState& st, std::string_view chunk);
void auth_eom(const AuthParts& p, AuthState& st, verdict::Verdict& v);
// Why greylisting skips this transaction ("spf pass for DOMAIN, listed as
// LISTED in FILE"), nullopt when it does not: only a pass of the MAIL FROM
// identity (not HELO) counts.
std::optional<std::string> spf_pass_skip(const AuthParts& p, const AuthState& st);

}  // namespace mp::policy
