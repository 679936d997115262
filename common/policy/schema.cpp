// schema.cpp: the root of a milterpack configuration file: every section any
// module declares. A file may hold only the sections it needs; a module whose
// section is absent is off.
#include "access/schema.hpp"
#include "dkim/options.hpp"
#include "greylist/options.hpp"
#include "protrcpt/options.hpp"
#include "scan/options.hpp"
#include "policy/daemon_schema.hpp"
#include "policy/engine.hpp"

namespace mp::policy {

const config::SectionSpec& root_schema() {
    static const config::SectionSpec s{
        .name = "",
        .doc = "milterpack configuration (sendmail X grammar, seed 003 3.2)",
        .options = {},
        .sections = {&milter_schema(), &pmilter_schema(), &log_schema(), &access::policy_schema(),
                     &access::access_map_schema(), &protrcpt::schema(), &protrcpt::aliases_schema(), &greylist::schema(), &scan::schema(),
                     &dkim::schema()},
    };
    return s;
}

}  // namespace mp::policy
