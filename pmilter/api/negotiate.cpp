// negotiate.cpp: the N frame of a driver connection (PROTOCOL.md sections 3
// and 4): pmfi_negotiate with the srv_* words, the macro lists it requests
// per stage, the n answer.
#include <cstdlib>

#include "names.hpp"
#include "server.hpp"

namespace mp::pmapi {
namespace {

std::string join_ids(const std::vector<std::uint32_t>& ids) {
    std::string out;
    for (auto id : ids) out += (out.empty() ? "" : ",") + std::to_string(id);
    return out;
}

std::uint32_t num(const Field& f) { return f ? static_cast<std::uint32_t>(std::strtoul(f->c_str(), nullptr, 10)) : 0; }

}  // namespace

Result<std::vector<Frame>> process_negotiate(const pmilter_T& pm, pmss_ctx_S& ss, const Frame& fr) {
    auto f = decode_fields(fr.payload);
    if (!f) return fail("N: " + f.error().message);
    if (f->size() != 5 || !(*f)[0] || *(*f)[0] != "1") return fail("N: want version 1 and four capability words");
    std::uint32_t cap = 0, fct = 0, feat = 0, misc = 0;
    if (pm.pmfi_negotiate) {
        ss.negotiate_thread = std::this_thread::get_id();
        sm_ret_T r = pm.pmfi_negotiate(&ss, num((*f)[1]), num((*f)[2]), num((*f)[3]), num((*f)[4]), &cap, &fct,
                                       &feat, &misc);
        ss.negotiate_thread = {};
        if (sm_is_err(r)) {
            const char* t = smerr2txt(r);
            return fail("negotiate failed: " + std::string(t ? t : std::to_string(r)));
        }
    }
    Fields n = {"1", std::to_string(cap), std::to_string(fct), std::to_string(feat), std::to_string(misc),
                std::to_string(PM_SMST_MAX)};
    for (const auto& ids : ss.macs) n.emplace_back(join_ids(ids));
    return std::vector<Frame>{make_frame('n', 0, n)};
}

}  // namespace mp::pmapi
