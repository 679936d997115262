// verifier.cpp: see verifier.hpp.
#include "dkimverify/verifier.hpp"

#include <algorithm>

#include "dkim/sigheader.hpp"
#include "dkimverify/pubkey.hpp"
#include "util/strings.hpp"

namespace mp::dkimverify {

namespace {

constexpr size_t kMaxHeaderBytes = 1024 * 1024;

SigResult described(const Signature& s, Status st, std::string reason) {
    SigResult r;
    r.status = st;
    r.reason = std::move(reason);
    r.domain = s.domain, r.selector = s.selector, r.b_text = s.b_text, r.identity = s.identity;
    r.length = s.length;
    return r;
}

SigResult with(SigResult r, Status st, std::string reason) {
    r.status = st;
    r.reason = std::move(reason);
    return r;
}

std::string key_name(const Signature& s) { return s.selector + "._domainkey." + s.domain; }

// The key record of s._domainkey.d from its query, or the result that ends the check.
Result<KeyRecord, SigResult> fetch_key(dns::Lookup& query, const Signature& s, dns::Deadline deadline) {
    std::string name = key_name(s);
    dns::Answer a = query.wait(deadline);
    auto stop = [&](Status st, std::string why) { return Unexpected<SigResult>{described(s, st, std::move(why))}; };
    if (a.status == dns::Status::TempError) return stop(Status::TempError, "key " + name + ": " + a.error);
    if (a.status != dns::Status::Ok) return stop(Status::PermError, "no key record at " + name);
    if (a.rdata.size() != 1) return stop(Status::PermError, std::to_string(a.rdata.size()) + " key records at " + name);
    auto text = dns::txt_text(a.rdata[0]);
    auto key = text ? parse_key_record(*text) : Result<KeyRecord>(fail(text.error().message));
    if (!key) return stop(Status::PermError, key.error().message);
    return *key;
}

}  // namespace

void Job::Limited::write(std::string_view bytes) {
    if (limit && seen + bytes.size() > *limit) bytes = bytes.substr(0, *limit > seen ? size_t(*limit - seen) : 0);
    seen += bytes.size();
    hash.write(bytes);
}

void Job::header(std::string_view name, std::string_view value) {
    header_bytes_ += name.size() + value.size();
    if (header_bytes_ > kMaxHeaderBytes) return;
    headers_.emplace_back(std::string(name), dkim::wire_value(value));
    if (!util::iequals(name, dkim::kSigName)) return;
    Sig s;
    s.raw = headers_.back().second;
    s.parsed = parse_signature(s.raw);
    // The key's query now, bounded like the one it replaces at finish():
    // only for the signatures finish() will verify with a key.
    if (s.parsed && ++parsed_ <= opts_.max_signatures && s.parsed->alg != SigAlg::RsaSha1)
        s.key = resolver_->start(key_name(*s.parsed), dns::Type::TXT, dns::Clock::now() + opts_.timeout);
    sigs_.push_back(std::move(s));
}

void Job::start_bodies() {
    body_started_ = true;
    int n = 0;
    for (auto& s : sigs_) {
        if (!s.parsed || ++n > opts_.max_signatures) continue;
        s.sink = std::make_unique<Limited>();
        s.sink->limit = s.parsed->length;
        s.canon = std::make_unique<dkim::BodyCanon>(s.parsed->canon.body, *s.sink);
    }
}

void Job::body(std::string_view chunk) {
    if (!body_started_) start_bodies();
    for (auto& s : sigs_)
        if (s.canon) s.canon->feed(chunk);
}

// The signed fields (the signer's selection, dkim/canon.hpp), then the
// signature field itself with b= empty and without its CRLF (RFC 6376 3.7).
std::string Job::header_block(const Signature& sig, const std::string& raw) const {
    std::string block = dkim::signed_header_block(headers_, sig.headers, sig.canon.header);
    std::string self = dkim::canon_header(sig.canon.header, dkim::kSigName, without_b(raw));
    self.resize(self.size() - 2);  // hashed without its CRLF (RFC 6376 3.7)
    return block + self;
}

SigResult Job::verify(Sig& s, int64_t now, dns::Deadline deadline) {
    const Signature& sig = *s.parsed;
    if (!s.canon) return described(sig, Status::PermError, "not verified: more than " + std::to_string(opts_.max_signatures) + " signatures");
    if (sig.alg == SigAlg::RsaSha1) return described(sig, Status::Policy, "rsa-sha1 is not acceptable (RFC 8301)");
    if (sig.expires && *sig.expires < now) return described(sig, Status::PermError, "signature expired (x=)");
    s.canon->finish();
    if (sig.length && s.sink->seen < *sig.length) return described(sig, Status::Fail, "body shorter than l=");
    if (s.sink->hash.final() != sig.body_hash) return described(sig, Status::Fail, "body hash did not verify");
    if (!s.key.started()) s.key = resolver_->start(key_name(sig), dns::Type::TXT, deadline);
    auto key = fetch_key(s.key, sig, deadline);
    if (!key) return key.error();
    SigResult r = described(sig, Status::Pass, "");
    r.testing = key->testing;
    if (key->public_key.empty()) return with(std::move(r), Status::PermError, "key revoked (empty p=)");
    bool ed = sig.alg == SigAlg::Ed25519Sha256;
    if (key->key_type != (ed ? "ed25519" : "rsa"))
        return with(std::move(r), Status::PermError, "key type k=" + key->key_type + " does not match a=");
    if (!key->hashes.empty() && std::find(key->hashes.begin(), key->hashes.end(), "sha256") == key->hashes.end())
        return with(std::move(r), Status::PermError, "key does not allow sha256 (h=)");
    auto pk = public_key(key->key_type, key->public_key);
    if (!pk) return with(std::move(r), Status::PermError, pk.error().message);
    if (!ed && pk->bits < 1024) return with(std::move(r), Status::PermError, "RSA key shorter than 1024 bits");
    if (!verify_digest(*pk, dkim::sha256(header_block(sig, s.raw)), sig.signature))
        return with(std::move(r), Status::Fail, "signature did not verify");
    return r;
}

std::vector<SigResult> Job::finish(int64_t now) {
    if (!body_started_) start_bodies();
    dns::Deadline deadline = dns::Clock::now() + opts_.timeout;
    std::vector<SigResult> out;
    for (auto& s : sigs_) {
        if (!s.parsed) {
            SigResult r;
            r.status = Status::Neutral;
            r.reason = "malformed signature: " + s.parsed.error().message;
            out.push_back(std::move(r));
            continue;
        }
        out.push_back(verify(s, now, deadline));
    }
    return out;
}

}  // namespace mp::dkimverify
