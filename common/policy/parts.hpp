// parts.hpp: the per-module objects an Engine builds from its configuration.
// A member is null when its section is absent: that module is off.
#pragma once
#include <memory>
#include <optional>

#include "access/accessmap.hpp"
#include "access/decision.hpp"
#include "callahead/checker.hpp"
#include "dnsbl/checker.hpp"
#include "dkim/signer.hpp"
#include "greylist/greylister.hpp"
#include "maps/aliasmap.hpp"
#include "metrics/options.hpp"
#include "protrcpt/options.hpp"
#include "rules/ruleset.hpp"
#include "scan/scanner.hpp"
#include "maps/source.hpp"
#include "policy/auth.hpp"
#include "policy/daemon_schema.hpp"

namespace mp::policy {

struct EngineParts {
    MilterOptions milter;    // milter section (defaults when absent)
    PmilterOptions pmilter;  // pmilter section
    LogOptions log;          // log section
    metrics::Options metrics;  // metrics section
    std::unique_ptr<maps::Source<access::AccessMap>> access;
    access::Flags flags;
    std::unique_ptr<scan::Chain> scanners;        // scanner sections, in file order
    std::shared_ptr<const dkim::Signer> signer;  // dkim section
    std::optional<protrcpt::Options> protect;     // protected_recipients section
    std::unique_ptr<maps::Source<maps::AliasMap>> aliases;  // aliases section
    // Shared with the previous Engine when a reload keeps the same store.
    std::shared_ptr<greylist::Greylister> greylister;
    rules::RuleSet rules;  // rule sections, in file order
    // Greylisters with a rule's own grey_wait/white_expire (same store), by rule label.
    std::vector<std::pair<std::string, std::shared_ptr<greylist::Greylister>>> rule_greylisters;
    std::string store_dir;  // the LMDB or journal directory, also when the store is not opened
    // The greylisting section's presence and its DATA-delayed reply, also when
    // the store is not opened yet (steps.hpp plans from the configuration).
    bool greylisting = false;
    bool greylist_at_data = false;
    AuthParts auth;         // dns, spf, authentication_results sections (auth.hpp)
    std::unique_ptr<callahead::Checker> callahead;  // callahead section (pool and cache per Engine)
    std::unique_ptr<dnsbl::Checker> dnsbl;  // the dnsbl/dnswl sections rules name (dnsbl_stage.hpp)
};

}  // namespace mp::policy
