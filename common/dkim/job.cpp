// job.cpp: Job, one message being signed (see signer.hpp). Only header
// fields that may be signed are kept (bounded); the body is canonicalized
// and hashed as it streams, never stored.
#include <algorithm>
#include <ctime>

#include "dkim/address.hpp"
#include "dkim/base64.hpp"
#include "dkim/sigheader.hpp"
#include "dkim/signer.hpp"
#include "util/strings.hpp"

namespace mp::dkim {
namespace {

constexpr size_t kMaxHeaderBytes = 1024 * 1024;

}  // namespace

Job::Job(std::shared_ptr<const Signer> signer, std::string_view envelope_from)
    : signer_(std::move(signer)),
      envelope_from_(util::strip_angles(util::trim(envelope_from))),
      body_(signer_->options().canon.body, body_hash_) {}

void Job::header(std::string_view name, std::string_view value) {
    if (util::iequals(name, "From")) ++from_count_;
    if (!signer_->is_signed_header(name)) return;
    header_bytes_ += name.size() + value.size();
    if (header_bytes_ > kMaxHeaderBytes) return;  // end_of_headers refuses
    headers_.emplace_back(std::string(name), wire_value(value));
}

const Decision& Job::end_of_headers() {
    if (decision_) return *decision_;
    std::string address;
    if (header_bytes_ > kMaxHeaderBytes) return *(decision_ = Decision{false, "signed header fields exceed 1 MB"});
    if (signer_->options().sign_by == SignBy::EnvelopeFrom) {
        address = util::lower(envelope_from_);
        if (address.empty()) return *(decision_ = Decision{false, "null envelope sender"});
    } else {
        if (from_count_ != 1)
            return *(decision_ = Decision{false, std::to_string(from_count_) + " From: header fields"});
        for (const auto& [n, v] : headers_)
            if (util::iequals(n, "From")) address = author_address(v);
        if (address.empty()) return *(decision_ = Decision{false, "no address in From:"});
    }
    plans_ = signer_->plans_for(address);
    if (plans_.empty()) return *(decision_ = Decision{false, "no signing table entry for " + address});
    std::string why = "signing for " + address + ":";
    for (const auto& p : plans_) why += " d=" + p.domain + " s=" + p.selector + " a=" + std::string(name(p.key->algorithm()));
    return *(decision_ = Decision{true, why});
}

void Job::body(std::string_view chunk) {
    if (end_of_headers().sign) body_.feed(chunk);
}

// h=: each signed field as often as it occurs, oversigned ones once more.
std::vector<std::string> Job::header_list() const {
    const Options& o = signer_->options();
    const auto& names = o.sign_headers.empty() ? default_sign_headers() : o.sign_headers;
    std::vector<std::string> all(names.begin(), names.end());
    all.insert(all.begin(), "From");
    all.insert(all.end(), o.oversign_headers.begin(), o.oversign_headers.end());
    std::vector<std::string> out, seen;
    for (const auto& n : all) {
        std::string lc = util::lower(n);
        if (std::find(seen.begin(), seen.end(), lc) != seen.end()) continue;
        seen.push_back(lc);
        size_t count = 0;
        for (const auto& h : headers_) count += util::iequals(h.first, n) ? 1 : 0;
        for (const auto& ov : o.oversign_headers) count += util::iequals(ov, n) ? 1 : 0;
        out.insert(out.end(), count, n);
    }
    return out;
}

// RFC 6376 5.4.2: repeated names take instances from the bottom up.
std::string Job::signed_header_block(const std::vector<std::string>& names) const {
    return dkim::signed_header_block(headers_, names, signer_->options().canon.header);
}

Result<std::string> Job::sign_one(const Signer::Plan& p, const SigFields& base, const std::string& block) const {
    SigFields f = base;
    f.alg = p.key->algorithm();
    f.domain = p.domain;
    f.selector = p.selector;
    f.identity = p.identity;
    std::string prefix = sig_value_without_b(f);
    std::string self = canon_header(signer_->options().canon.header, kSigName, prefix);
    self.resize(self.size() - 2);  // the signature field is hashed without its CRLF (3.7)
    auto sig = p.key->sign_digest(sha256(block + self));
    if (!sig) return fail("d=" + p.domain + " s=" + p.selector + ": " + sig.error().message);
    return append_b(std::move(prefix), base64_encode(*sig));
}

Result<std::vector<std::string>> Job::finish(std::optional<int64_t> now) {
    if (finished_) return fail("dkim job finished twice");
    finished_ = true;
    if (!end_of_headers().sign) return std::vector<std::string>{};
    body_.finish();
    std::string bh = body_hash_.final();
    if (!body_hash_.ok()) return fail("sha256 failed");
    const Options& o = signer_->options();
    SigFields base;
    base.canon = o.canon;
    base.headers = header_list();
    base.body_hash_b64 = base64_encode(bh);
    if (o.body_length_tag) base.length = body_.length();
    int64_t t = now ? *now : static_cast<int64_t>(std::time(nullptr));
    if (o.timestamp || o.expire.count() > 0) base.timestamp = t;
    if (o.expire.count() > 0) base.expires = t + o.expire.count();
    std::string block = signed_header_block(base.headers);
    std::vector<std::string> out;
    for (const auto& p : plans_) {
        auto v = sign_one(p, base, block);
        if (!v) return fail(v.error().message);
        out.push_back(std::move(*v));
    }
    return out;
}

}  // namespace mp::dkim
