// dnslayer.cpp: see dnslayer.hpp. Records are handed to libspf2 the way its
// own resolver layer does: A/AAAA as in_addr/in6_addr, TXT as the joined
// character-strings, MX/PTR as host names, each NUL-terminated.
#include "spf/dnslayer.hpp"

#include <netdb.h>

#include <cstring>

namespace mp::spf {

namespace {

bool to_type(ns_type t, dns::Type& out) {
    switch (t) {
    case ns_t_a: out = dns::Type::A; return true;
    case ns_t_aaaa: out = dns::Type::AAAA; return true;
    case ns_t_mx: out = dns::Type::MX; return true;
    case ns_t_txt: out = dns::Type::TXT; return true;
    case ns_t_ptr: out = dns::Type::PTR; return true;
    default: return false;
    }
}

// The bytes libspf2 expects for one record; false when it is malformed.
bool rr_bytes(ns_type type, const std::string& rdata, std::string& out) {
    if (type == ns_t_a || type == ns_t_aaaa) {
        out = rdata;
        return rdata.size() == (type == ns_t_a ? 4u : 16u);
    }
    mp::Result<std::string> text = fail("");
    if (type == ns_t_txt) text = dns::txt_text(rdata);
    if (type == ns_t_mx) {
        auto mx = dns::mx_record(rdata);
        text = mx ? mp::Result<std::string>(mx->host) : mp::Result<std::string>(fail(""));
    }
    if (type == ns_t_ptr) {
        size_t pos = 0;
        text = dns::wire_name(rdata, pos);
    }
    if (!text) return false;
    out = *text + '\0';
    return true;
}

}  // namespace

Layer::Layer(dns::Resolver& resolver, dns::Deadline deadline) : resolver_(resolver), deadline_(deadline) {
    server_.destroy = nullptr;  // owned here, not by the SPF_server_t
    server_.lookup = &Layer::lookup;
    server_.name = "milterpack";
    server_.hook = this;
}

SPF_dns_rr_t* Layer::lookup(SPF_dns_server_t* s, const char* domain, ns_type type, int /*should_cache*/) {
    return static_cast<Layer*>(s->hook)->answer(domain, type);
}

SPF_dns_rr_t* Layer::answer(const char* domain, ns_type type) {
    dns::Type t;
    if (!to_type(type, t)) return SPF_dns_rr_new_init(&server_, domain, type, 0, NO_DATA);
    ++queries_;
    dns::Answer a = resolver_.query(domain, t, deadline_);
    bool empty = a.status == dns::Status::NxDomain || a.status == dns::Status::NoData;
    if (empty && queries_ > 1) ++voids_;
    if (a.status != dns::Status::TempError) trace_.answer(a.ttl);
    switch (a.status) {
    case dns::Status::NxDomain: return SPF_dns_rr_new_init(&server_, domain, type, int(a.ttl), HOST_NOT_FOUND);
    case dns::Status::NoData: return SPF_dns_rr_new_init(&server_, domain, type, int(a.ttl), NO_DATA);
    case dns::Status::TempError:
        if (dns_error_.empty()) dns_error_ = std::string(domain) + "/" + dns::type_name(t) + ": " + a.error;
        return SPF_dns_rr_new_init(&server_, domain, type, 0, TRY_AGAIN);
    case dns::Status::Ok: break;
    }
    SPF_dns_rr_t* rr = SPF_dns_rr_new_init(&server_, domain, type, int(a.ttl), NETDB_SUCCESS);
    if (!rr) return nullptr;
    int n = 0;
    std::string bytes;
    for (const auto& rdata : a.rdata) {
        if (!rr_bytes(type, rdata, bytes)) continue;
        if (type == ns_t_txt) trace_.text(bytes);
        if (SPF_dns_rr_buf_realloc(rr, n, bytes.size()) != SPF_E_SUCCESS) break;
        std::memcpy(rr->rr[n], bytes.data(), bytes.size());
        ++n;
    }
    rr->num_rr = n;
    if (n == 0) rr->herrno = NO_DATA;
    return rr;
}

}  // namespace mp::spf
