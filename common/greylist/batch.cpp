// batch.cpp: see batch.hpp.
#include "greylist/batch.hpp"

namespace mp::greylist {

namespace {

int apply_one(BatchIo& io, Slot& s) {
    bool use_client = !s.client.empty();
    std::optional<Entry> ke, ce;
    int rc = io.load(s.key, ke);
    if (rc == 0 && use_client) rc = io.load(s.client, ce);
    if (rc) return rc;
    s.out = decide(ke, ce, use_client, s.now, s.policy);
    if (s.out.key_after && (rc = io.save(s.key, *s.out.key_after))) return rc;
    if (s.out.client_after && (rc = io.save(s.client, *s.out.client_after))) return rc;
    return 0;
}

}  // namespace

int apply_batch(BatchIo& io, std::span<Slot* const> batch) {
    for (Slot* s : batch)
        if (int rc = apply_one(io, *s)) return rc;
    return 0;
}

}  // namespace mp::greylist
