// options.cpp: see options.hpp.
#include "dkimverify/options.hpp"

namespace mp::dkimverify {

const config::Table<Options>& table() {
    using O = Options;
    static const config::Table<O> t{{
        .name = "dkim_verify",
        .doc = "verify every DKIM-Signature of incoming mail (rsa-sha256, ed25519-sha256; rsa-sha1 is reported as "
               "policy); keys through the dns section's resolver",
        .rows = {
            {.name = "timeout", .type = config::Type::Time, .def = "5s", .min = 1, .max = 60,
             .to = config::to<&O::timeout>(), .doc = "deadline for all key lookups of one message"},
            {.name = "max_signatures", .type = config::Type::Int, .def = "5", .min = 1, .max = 50,
             .to = config::to<&O::max_signatures>(), .doc = "signatures verified per message; more are reported permerror"},
        },
    }};
    return t;
}

}  // namespace mp::dkimverify
