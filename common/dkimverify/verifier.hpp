// verifier.hpp: DKIM verification of incoming mail (RFC 6376 6, RFC 8463),
// streaming like the signer: a Job is fed every header field and body chunk
// as the MTA hands them over; each DKIM-Signature gets its own body
// canonicalization and hash (the signer's BodyCanon and Sha256, capped at l=
// when the signature has one), so the body is never stored. The query for a
// signature's key starts as soon as its field is parsed (d= and s= known),
// so the fetch overlaps the rest of the message; finish() collects the
// answers (common/dns, cached) with one deadline for all of them, and each
// signature gets a SigResult. A Job dropped early (the transaction aborted)
// cancels the queries still running.
// Limits: at most max_signatures are verified (the rest are reported
// permerror "not verified", and no key is fetched for them), header fields
// are kept up to 1 MB.
#pragma once
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "dkim/canon.hpp"
#include "dkim/digest.hpp"
#include "dkimverify/result.hpp"
#include "dkimverify/tags.hpp"
#include "dns/resolver.hpp"

namespace mp::dkimverify {

struct Options {
    std::chrono::seconds timeout{5};  // all key lookups of one message
    int max_signatures = 5;
};

class Job {
public:
    Job(std::shared_ptr<dns::Resolver> resolver, Options o) : resolver_(std::move(resolver)), opts_(o) {}
    void header(std::string_view name, std::string_view value);
    void body(std::string_view chunk);
    // One result per DKIM-Signature header, top first; `now` for x=.
    std::vector<SigResult> finish(int64_t now);
    bool signed_message() const { return !sigs_.empty(); }

private:
    struct Limited final : dkim::BodySink {
        dkim::Sha256 hash;
        std::optional<uint64_t> limit;
        uint64_t seen = 0;
        void write(std::string_view bytes) override;
    };
    struct Sig {
        std::string raw;  // the header value as received (wire form)
        Result<Signature> parsed = fail("");
        std::unique_ptr<Limited> sink;
        std::unique_ptr<dkim::BodyCanon> canon;
        dns::Lookup key;  // started at header(), collected at finish()
    };
    void start_bodies();
    SigResult verify(Sig& s, int64_t now, dns::Deadline deadline);
    std::string header_block(const Signature& sig, const std::string& raw) const;

    std::shared_ptr<dns::Resolver> resolver_;  // declared first: outlives the Lookups in sigs_
    Options opts_;
    std::vector<std::pair<std::string, std::string>> headers_;  // name, wire value
    std::vector<Sig> sigs_;
    size_t header_bytes_ = 0;
    int parsed_ = 0;  // well-formed signatures so far
    bool body_started_ = false;
};

}  // namespace mp::dkimverify
