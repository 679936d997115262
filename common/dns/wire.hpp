// wire.hpp: DNS messages on the wire for the resolver (resolver.hpp), built
// and parsed by ldns (NLnet Labs' DNS library, Debian's libldns3): the
// question with EDNS0 (a 1232-byte UDP payload, the DNS flag day value, so
// that DKIM keys and SPF records rarely need TCP), and the reply checked and
// turned into an Answer with the rdata in wire form, names uncompressed.
//
//   auto q = dns::question_wire("sel._domainkey.example.org", Type::TXT, id);
//   dns::Reply r = dns::parse_reply(bytes, "sel._domainkey.example.org", Type::TXT, id);
//
// Guarantees: never throws, never trusts a length in the message (ldns
// checks every one); a reply that is not the answer to this question (other
// id, not a response, another question) is Foreign, so a stray or spoofed
// datagram is ignored and the wait goes on.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "dns/types.hpp"
#include "util/result.hpp"

namespace mp::dns {

Result<std::string> question_wire(std::string_view name, Type type, uint16_t id);

struct Reply {
    enum class Kind {
        Answer,     // `answer` is final: Ok, NoData, NxDomain
        Truncated,  // TC set: ask again over TCP
        ServerError,  // SERVFAIL, REFUSED, ...: `answer` says which; another server may do better
        Foreign,    // not a reply to this question: ignore it
    };
    Kind kind = Kind::Foreign;
    Answer answer;
};

Reply parse_reply(std::string_view wire, std::string_view name, Type type, uint16_t id);

}  // namespace mp::dns
