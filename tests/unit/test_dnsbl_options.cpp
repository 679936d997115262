// test_dnsbl_options.cpp: the dnsbl and dnswl tables are well formed, and
// the golden files under tests/golden/dnsbl: each <case>.conf is read with
// lists_from(); <case>.out holds one line per list for a good file, the
// diagnostics (file:line:column) for a bad one. MP_UPDATE_GOLDEN=1 rewrites them.
#include <doctest/doctest.h>

#include <string>

#include "config/config.hpp"
#include "dnsbl/options.hpp"
#include "support/golden.hpp"

using namespace mp;
using namespace mp::dnsbl;

namespace {

const config::SectionSpec& root_spec() {
    static const config::SectionSpec s{
        .name = "", .doc = "test root", .options = {}, .sections = {&block_table().spec(), &allow_table().spec()}};
    return s;
}

std::string describe(const Options& o) {
    std::string out = (o.kind == Kind::Block ? "dnsbl " : "dnswl ") + o.label + ": zone=" + o.zone;
    if (o.ipv6) out += " ipv6";
    for (const auto& n : o.returns) out += " returns=" + n.str();
    if (o.mask) out += " mask=" + std::to_string(o.mask);
    if (!o.txt) out += " txt=no";
    return out + " timeout=" + std::to_string(o.timeout.count()) + "\n";
}

std::string run_case(const std::filesystem::path& conf) {
    auto cfg = config::parse(testsupport::slurp(conf), conf.filename().string(), root_spec());
    if (!cfg) return cfg.error().str();
    auto lists = lists_from(cfg->root());
    if (!lists) return lists.error().str();
    std::string out;
    for (const auto& l : *lists) out += describe(l);
    return out;
}

}  // namespace

TEST_CASE("the dnsbl and dnswl tables are well formed") {
    CHECK(config::validate_spec(root_spec()).errors.empty());
}

TEST_CASE("golden DNS list files") {
    size_t n = testsupport::check_golden_dir("dnsbl", {".conf"}, testsupport::OutName::ReplaceExtension, run_case);
    CHECK(n >= 3);
}
