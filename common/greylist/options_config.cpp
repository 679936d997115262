// options_config.cpp: the one place that reads a parsed `greylisting` section
// into Options: the table (options.cpp) does the work, rows and rules alike.
#include "greylist/options.hpp"

namespace mp::greylist {

Result<Options, config::Diagnostic> options_from(const config::Section& s) { return config::read(s, table()); }

}  // namespace mp::greylist
