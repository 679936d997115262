// admin_key.hpp: a greylisting key typed by the operator (`milterpack
// greylist show|whitelist|delete KEY`), checked against what the store holds
// and put in the form check() writes. The store's keys (key.hpp) are
//   client_ip mode: one masked client address     "192.0.2.0", "2001:db8:1:2::"
//   triplet mode:   "<client> <sender> <rcpt>"    "192.0.2.0 <a@b.example> <c@d.example>"
//                   and the auto-whitelist's client address alone
// An address with host bits is masked as check() masks it ("192.0.2.7" with
// netmask 0xFFFFFF00 is "192.0.2.0"); sender and recipient are normalized.
// Rejected, with a message saying what a key is: an empty key, a CIDR range
// (the store has no ranges: a network is exempted in the access map), a
// word that is no address, a triplet in client_ip mode, a triplet without
// angle brackets. A long triplet key as `list` prints it (cut, " #hash" at
// the end) is taken verbatim by show and delete (`exact_ok`).
#pragma once
#include <string>
#include <string_view>

#include "greylist/key.hpp"
#include "util/result.hpp"

namespace mp::greylist {

struct AdminKey {
    std::string key;   // the store's form
    bool changed = false;  // differs from the text given (masked or normalized)
};

Result<AdminKey> admin_key(std::string_view text, const KeyOptions& o, bool exact_ok);

}  // namespace mp::greylist
