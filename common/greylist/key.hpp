// key.hpp: the greylisting key of one RCPT attempt.
//   client_ip: the client address with its host bits cut off (IPv4 by the
//              `netmask` bit mask, e.g. 0xFFFFFF00; IPv6 by `ipv6_prefix`),
//              written as an address: "192.0.2.0", "2001:db8:1:2::".
//   triplet:   "<client> <sender> <rcpt>", e.g. "192.0.2.0 <a@b.example> <c@d.example>";
//              the null sender stays "<>".
// Senders are normalized so that a retry of the same mail maps to the same key
// even when the envelope sender changes per attempt: lowercased, BATV tags
// (prvs=TAG=user@, prvs=user/TAG@, msprvs1=, btv1==TAG==) and SRS0/SRS1
// rewriting undone as far as the address still says, +detail cut off.
// Recipients are only lowercased. Keys longer than kMaxKey bytes (LMDB keys
// are limited to 511) are cut and end in a hash of the whole key.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "util/net.hpp"

namespace mp::greylist {

enum class KeyMode { ClientIp, Triplet };

struct KeyOptions {
    KeyMode mode = KeyMode::ClientIp;
    uint32_t netmask = 0xFFFFFFFF;  // IPv4
    int ipv6_prefix = 64;
};

inline constexpr std::size_t kMaxKey = 400;

std::string normalize_sender(std::string_view sender);
std::string normalize_rcpt(std::string_view rcpt);
util::IpAddr mask_client(const util::IpAddr& client, const KeyOptions& o);
// The client part alone: the key in client_ip mode and of the auto-whitelist entry.
std::string client_key(const util::IpAddr& client, const KeyOptions& o);
std::string make_key(const util::IpAddr& client, std::string_view sender, std::string_view rcpt,
                     const KeyOptions& o);

}  // namespace mp::greylist
