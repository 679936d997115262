// test_pmilter_macros.cpp: the macro request table: within PM_MACROS_MAX per
// stage, ended by PMM_END, PMM_SEID at CONNECT, PMM_MAIL_TAID not before MAIL
// (libpmilter refuses it earlier), each stage at most once, only ids the
// policy reads.
#include <doctest/doctest.h>

#include <set>

#include "pmilter/macros.hpp"

using namespace mp::pmilter;

namespace {

std::set<uint32_t> ids_of(const StageMacros& m) {
    std::set<uint32_t> out;
    for (uint32_t id : m.ids)
        if (id != PMM_END) out.insert(id);
    return out;
}

}  // namespace

TEST_CASE("macro request table") {
    std::set<unsigned> stages;
    std::set<uint32_t> all;
    for (const auto& m : stage_macros()) {
        CAPTURE(m.stage);
        CHECK(m.stage < PM_SMST_MAX);
        CHECK(stages.insert(m.stage).second);
        size_t n = 0;
        while (n < std::size(m.ids) && m.ids[n] != PMM_END) ++n;
        CHECK(n >= 1);
        CHECK(n <= PM_MACROS_MAX);
        for (size_t i = n; i < std::size(m.ids); ++i) CHECK(m.ids[i] == PMM_END);  // padding never read
        CHECK(ids_of(m).size() == n);                                              // no id twice
        if (m.stage < PM_SMST_MAIL) CHECK(ids_of(m).count(PMM_MAIL_TAID) == 0);
        CHECK(ids_of(m).count(PMM_DOT_MSGID) == 0);
        for (uint32_t id : ids_of(m)) all.insert(id);
    }
    const auto& t = stage_macros();
    auto stage = [&](unsigned s) {
        for (const auto& m : t)
            if (m.stage == s) return ids_of(m);
        return std::set<uint32_t>{};
    };
    CHECK(stage(PM_SMST_CONNECT).count(PMM_SEID) == 1);
    CHECK(stage(PM_SMST_MAIL).count(PMM_MAIL_TAID) == 1);
    CHECK(stage(PM_SMST_MAIL).count(PMM_AUTH_AUTHEN) == 1);
    for (unsigned s : {unsigned(PM_SMST_EHLO), unsigned(PM_SMST_MAIL)})
        CHECK(stage(s) >= std::set<uint32_t>{PMM_TLS_VRFY, PMM_TLS_CERT_ISSUER, PMM_TLS_CERT_SUBJECT, PMM_TLS_VERSION});
    // Only what the policy reads.
    CHECK(all == std::set<uint32_t>{PMM_SEID, PMM_CLIENT_RESOLVE, PMM_TLS_VRFY, PMM_TLS_CERT_ISSUER,
                                    PMM_TLS_CERT_SUBJECT, PMM_TLS_VERSION, PMM_MAIL_TAID, PMM_AUTH_AUTHEN});
}
