// parts.hpp: the per-module objects an Engine builds from its configuration.
// A member is null when its section is absent: that module is off.
#pragma once
#include <memory>

#include "access/accessmap.hpp"
#include "access/decision.hpp"
#include "maps/source.hpp"

namespace mp::policy {

struct EngineParts {
    std::unique_ptr<maps::Source<access::AccessMap>> access;
    access::Flags flags;
};

}  // namespace mp::policy
