// wire.cpp: see wire.hpp. ldns objects live in util::Handles calling ldns's
// own free functions; ldns stores every rdata field in wire form (a TXT string
// with its length byte, a name uncompressed), so a record's rdata is its
// fields' bytes end to end.
#include "dns/wire.hpp"

#include <ldns/ldns.h>

#include <algorithm>
#include <cstdlib>
#include <memory>

#include "util/raii.hpp"

namespace mp::dns {

namespace {

void free_bytes(uint8_t* b) { std::free(b); }
using PktPtr = util::Handle<ldns_pkt, ldns_pkt_free>;
using RdfPtr = util::Handle<ldns_rdf, ldns_rdf_deep_free>;
using BytesPtr = util::Handle<uint8_t, free_bytes>;

constexpr uint16_t kEdnsPayload = 1232;

RdfPtr dname(std::string_view name) {
    return RdfPtr(ldns_dname_new_frm_str(std::string(name).c_str()));
}

std::string rdata_of(const ldns_rr* rr) {
    std::string out;
    for (size_t i = 0; i < ldns_rr_rd_count(rr); ++i) {
        const ldns_rdf* f = ldns_rr_rdf(rr, i);
        out.append(reinterpret_cast<const char*>(ldns_rdf_data(f)), ldns_rdf_size(f));
    }
    return out;
}

bool asks(const ldns_pkt* p, const ldns_rdf* name, Type type) {
    const ldns_rr_list* q = ldns_pkt_question(p);
    if (!q || ldns_rr_list_rr_count(q) != 1) return false;
    const ldns_rr* rr = ldns_rr_list_rr(q, 0);
    return ldns_rr_get_type(rr) == ldns_rr_type(type) && ldns_rr_get_class(rr) == LDNS_RR_CLASS_IN &&
           ldns_dname_compare(ldns_rr_owner(rr), name) == 0;
}

// RFC 2308 section 5: a negative answer lives min(SOA TTL, SOA minimum); 0 without a SOA.
uint32_t negative_ttl(const ldns_pkt* p) {
    const ldns_rr_list* auth = ldns_pkt_authority(p);
    for (size_t i = 0; auth && i < ldns_rr_list_rr_count(auth); ++i) {
        const ldns_rr* rr = ldns_rr_list_rr(auth, i);
        if (ldns_rr_get_type(rr) == LDNS_RR_TYPE_SOA && ldns_rr_rd_count(rr) == 7)
            return std::min(ldns_rr_ttl(rr), ldns_rdf2native_int32(ldns_rr_rdf(rr, 6)));
    }
    return 0;
}

// The records of `type` in the answer section (a CNAME chain's end included); TTL their lowest.
Answer records(const ldns_pkt* p, Type type) {
    Answer a;
    a.status = Status::NoData;
    const ldns_rr_list* ans = ldns_pkt_answer(p);
    for (size_t i = 0; ans && i < ldns_rr_list_rr_count(ans); ++i) {
        const ldns_rr* rr = ldns_rr_list_rr(ans, i);
        if (ldns_rr_get_type(rr) != ldns_rr_type(type) || ldns_rr_get_class(rr) != LDNS_RR_CLASS_IN) continue;
        a.ttl = a.rdata.empty() ? ldns_rr_ttl(rr) : std::min(a.ttl, ldns_rr_ttl(rr));
        a.rdata.push_back(rdata_of(rr));
        a.status = Status::Ok;
    }
    if (a.status == Status::NoData) a.ttl = negative_ttl(p);
    return a;
}

}  // namespace

Result<std::string> question_wire(std::string_view name, Type type, uint16_t id) {
    RdfPtr qname = dname(name);
    if (!qname) return fail("not a domain name: '" + std::string(name) + "'");
    PktPtr p(ldns_pkt_query_new(qname.release(), ldns_rr_type(type), LDNS_RR_CLASS_IN, LDNS_RD));
    if (!p) return fail("cannot build the question");
    ldns_pkt_set_id(p.get(), id);
    ldns_pkt_set_edns_udp_size(p.get(), kEdnsPayload);
    uint8_t* bytes = nullptr;
    size_t size = 0;
    if (ldns_pkt2wire(&bytes, p.get(), &size) != LDNS_STATUS_OK) return fail("cannot encode the question");
    BytesPtr owned(bytes);
    return std::string(reinterpret_cast<const char*>(bytes), size);
}

Reply parse_reply(std::string_view wire, std::string_view name, Type type, uint16_t id) {
    Reply r;
    ldns_pkt* raw = nullptr;
    if (ldns_wire2pkt(&raw, reinterpret_cast<const uint8_t*>(wire.data()), wire.size()) != LDNS_STATUS_OK) return r;
    PktPtr p(raw);
    RdfPtr qname = dname(name);
    if (!qname || ldns_pkt_id(p.get()) != id || !ldns_pkt_qr(p.get()) || !asks(p.get(), qname.get(), type)) return r;
    if (ldns_pkt_tc(p.get())) return r.kind = Reply::Kind::Truncated, r;
    switch (ldns_pkt_get_rcode(p.get())) {
    case LDNS_RCODE_NOERROR: r.answer = records(p.get(), type); break;
    case LDNS_RCODE_NXDOMAIN:
        r.answer.status = Status::NxDomain;
        r.answer.ttl = negative_ttl(p.get());
        break;
    default: {
        unsigned rc = ldns_pkt_get_rcode(p.get());
        r.answer = temp_error("server answered rcode " + std::to_string(rc) + (rc == 2 ? " (SERVFAIL)" : rc == 5 ? " (REFUSED)" : ""));
        return r.kind = Reply::Kind::ServerError, r;
    }
    }
    return r.kind = Reply::Kind::Answer, r;
}

}  // namespace mp::dns
