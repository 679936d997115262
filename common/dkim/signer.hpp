// signer.hpp: DKIM signing for the milter. A Signer is built once from
// Options (tables and keys parsed, keys checked) and then shared, immutable,
// by all sessions; a reload builds a new one and swaps the shared_ptr, while
// jobs in flight keep the old one alive. A Job signs one message, streamed:
//
//   auto signer = Signer::create(opts);                 // at start / on reload
//   if (signer->should_sign(facts).sign) {              // session: daemon, network, auth
//       auto job = signer->begin(envelope_from);         // MAIL FROM
//       job->header(name, value);  ...                   // each header, value as received
//       if (!job->end_of_headers().sign) ...             // no key for this From: skip body
//       job->body(chunk); ...                            // any split
//       auto values = job->finish();                     // DKIM-Signature values, in order
//   }
//
// Header values are everything after the colon as the MTA hands them over:
// with SMFIP_HDR_LEADSPC sendmail gives " value" with folds as "\n\t" (see
// canon.hpp); both LF and CRLF folds are accepted. finish() returns header
// VALUES: the bytes that must follow "DKIM-Signature:" on the wire, starting
// with one space, folded with CRLF+TAB (lf_folded() gives the LF+TAB form
// sendmail wants from smfi_insheader). Insert them at the top, in order.
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dkim/canon.hpp"
#include "dkim/digest.hpp"
#include "dkim/key.hpp"
#include "dkim/options.hpp"
#include "dkim/sigheader.hpp"
#include "dkim/tables.hpp"
#include "util/net.hpp"
#include "util/result.hpp"

namespace mp::dkim {

struct SessionFacts {
    std::string_view daemon_name;         // sendmail {daemon_name}
    std::optional<util::IpAddr> client;   // the SMTP client's address, if known
    std::string_view auth_authen;         // sendmail {auth_authen}; empty = not authenticated
};

struct Decision {
    bool sign = false;
    std::string reason;  // for the log line
};

class Job;

class Signer : public std::enable_shared_from_this<Signer> {
public:
    static Result<std::shared_ptr<const Signer>> create(const Options& opts);

    // Whether this session's mail is to be signed at all (the From: domain
    // must still match the signing table, see Job::end_of_headers).
    Decision should_sign(const SessionFacts& facts) const;
    std::unique_ptr<Job> begin(std::string_view envelope_from) const;

    const Options& options() const { return opts_; }
    size_t key_count() const { return keys_.size(); }

    struct Plan {
        const PrivateKey* key;
        std::string domain, selector, identity;
    };
    // The signatures for `address` (from From: or the envelope), best first.
    std::vector<Plan> plans_for(std::string_view address) const;
    bool is_signed_header(std::string_view name) const;  // case-insensitive

    explicit Signer(Options opts) : opts_(std::move(opts)) {}

private:
    Result<void> load_tables();
    Result<void> load_keys();
    Result<void> check_keynames() const;

    Options opts_;
    KeyTable table_keys_;
    SigningTable table_sign_;
    std::map<std::string, std::shared_ptr<const PrivateKey>> keys_;  // by lowercased key name
    std::vector<std::string> sign_lc_;                              // lowercased sign_headers
};

class Job {
public:
    Job(std::shared_ptr<const Signer> signer, std::string_view envelope_from);

    void header(std::string_view name, std::string_view value);
    // Chooses the keys from the headers seen (idempotent); body and finish call it too.
    const Decision& end_of_headers();
    void body(std::string_view chunk);
    // The DKIM-Signature values (none when end_of_headers() decided not to sign).
    // `now` overrides the clock for t= (tests).
    Result<std::vector<std::string>> finish(std::optional<int64_t> now = std::nullopt);

private:
    std::string signed_header_block(const std::vector<std::string>& names) const;
    std::vector<std::string> header_list() const;
    Result<std::string> sign_one(const Signer::Plan& p, const SigFields& base, const std::string& block) const;

    std::shared_ptr<const Signer> signer_;
    std::string envelope_from_;
    std::vector<std::pair<std::string, std::string>> headers_;  // signed-type fields only, wire values
    size_t header_bytes_ = 0;
    size_t from_count_ = 0;
    std::optional<Decision> decision_;
    std::vector<Signer::Plan> plans_;
    Sha256 body_hash_;
    BodyCanon body_;
    bool finished_ = false;
};

}  // namespace mp::dkim
