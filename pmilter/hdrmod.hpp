// hdrmod.hpp: the policy's header edits as sm_pmfi_hdr_mod() calls. Pure.
//
// Assumed index semantics (as pmult reads the API; unconfirmed for MeTA1,
// see docs/pmilter.md): INSERT before the index-th header (0 = at the top),
// REPLACE and REMOVE at a 0-based position among all headers, APPEND at the
// end (index 0). Each call is taken to see the header list as the previous
// calls left it, so positions are computed on a copy of the names that is
// edited along the way. The policy orders its edits so that the result is
// the same if the library resolves every index against the original header
// list instead: deletions from the last occurrence up, insertions at the top
// and appends after them.
//
//   Add            -> APPEND, index 0
//   Insert(i)      -> INSERT, index i (DKIM-Signature: 0)
//   Change(name,n) -> REPLACE at the position of the n-th (1-based) field
//                     called name (case-insensitive); APPEND when there is
//                     no such field (smfi_chgheader does the same)
//   Delete(name,n) -> REMOVE at that position, line "Name: \r\n"; nothing
//                     when there is no such field
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "pmilter/vocab.hpp"

namespace mp::pmilter {

struct HdrMod {
    unsigned int type;  // SM_HDRMOD_T_*
    uint32_t index;
    std::string line;   // "Name: value\r\n", folds as CRLF
};

// `names`: the header field names of the message, in order.
std::vector<HdrMod> plan_header_edits(std::vector<std::string> names, const std::vector<HeaderEdit>& edits);
// "Name: value\r\n": one blank after the colon unless the value starts with
// one, every line end (LF or CRLF) written as CRLF.
std::string header_line(std::string_view name, std::string_view value);

}  // namespace mp::pmilter
