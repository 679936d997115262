// dnslayer.hpp: libspf2's DNS layer API (SPF_dns_server_t) served by
// common/dns, so SPF lookups share the resolver, its cache and its bounds
// with every other module, and a check's deadline covers all of its queries
// (libspf2's own resolver layer calls res_query, which neither shares a cache
// nor stops at a deadline). One Layer per check: it carries that check's
// deadline, records the first DNS failure for the log line, and traces what
// the result depends on (the smallest TTL, the macros of the records read)
// for the result cache.
#pragma once
// spf2/spf.h uses these types without including their headers, and
// declares its functions without extern "C".
#include <arpa/nameser.h>
#include <netdb.h>
#include <netinet/in.h>
extern "C" {
#include <spf2/spf.h>
#include <spf2/spf_dns_rr.h>
}

#include <string>

#include "dns/resolver.hpp"
#include "spf/cache.hpp"

namespace mp::spf {

class Layer {
public:
    Layer(dns::Resolver& resolver, dns::Deadline deadline);
    Layer(const Layer&) = delete;
    Layer& operator=(const Layer&) = delete;

    SPF_dns_server_t* get() { return &server_; }
    int queries() const { return queries_; }
    const std::string& dns_error() const { return dns_error_; }  // first temperror, "" when none
    // Answers without records (nodata, nxdomain) after the first query, which
    // looks up the checked domain's own record (RFC 7208 4.6.4).
    int void_lookups() const { return voids_; }
    dns::Deadline deadline() const { return deadline_; }
    Trace& trace() { return trace_; }

private:
    static SPF_dns_rr_t* lookup(SPF_dns_server_t* s, const char* domain, ns_type type, int should_cache);
    SPF_dns_rr_t* answer(const char* domain, ns_type type);

    SPF_dns_server_t server_{};
    dns::Resolver& resolver_;
    dns::Deadline deadline_;
    int queries_ = 0;
    int voids_ = 0;
    std::string dns_error_;
    Trace trace_;
};

}  // namespace mp::spf
