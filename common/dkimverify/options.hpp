// options.hpp: the `dkim_verify` section; its presence turns verification on.
//
//   dkim_verify { timeout = 5s; max_signatures = 5; }
//
// Results go into the Authentication-Results header (authentication_results
// section) and the log; DMARC is what acts on them.
#pragma once
#include "config/table.hpp"
#include "dkimverify/verifier.hpp"

namespace mp::dkimverify {

const config::Table<Options>& table();

}  // namespace mp::dkimverify
