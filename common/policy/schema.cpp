// schema.cpp: the root of a milterpack configuration file: every section any
// module declares, each the spec of that module's bound option table. A file
// may hold only the sections it needs; a module whose section is absent is
// off, a daemon whose section is absent takes its defaults.
#include "access/schema.hpp"
#include "authres/authres.hpp"
#include "dkimverify/options.hpp"
#include "dmarc/check.hpp"
#include "dns/options.hpp"
#include "dnsbl/options.hpp"
#include "spf/options.hpp"
#include "callahead/options.hpp"
#include "dkim/options.hpp"
#include "greylist/options.hpp"
#include "metrics/options.hpp"
#include "protrcpt/options.hpp"
#include "rules/options.hpp"
#include "rules/settings.hpp"
#include "scan/options.hpp"
#include "policy/daemon_schema.hpp"
#include "policy/engine.hpp"

namespace mp::policy {

const config::SectionSpec& root_schema() {
    static const config::SectionSpec s{
        .name = "",
        .doc = "milterpack configuration (sendmail X grammar, sendmail X README 3.2)",
        .options = {},
        .sections = {&milter_table().spec(), &pmilter_table().spec(), &log_table().spec(),
                     &access::policy_table().spec(), &access::access_map_table().spec(), &protrcpt::table().spec(),
                     &protrcpt::aliases_table().spec(), &greylist::table().spec(), &rules::table().spec(), &rules::settings_table().spec(), &scan::table().spec(),
                     &dkim::table().spec(), &callahead::table().spec(), &metrics::table().spec(), &dns::table().spec(),
                     &spf::table().spec(), &authres::table().spec(), &dkimverify::table().spec(), &dmarc::table().spec(),
                     &dnsbl::block_table().spec(), &dnsbl::allow_table().spec()},
    };
    return s;
}

}  // namespace mp::policy
