// impl.hpp (internal): the validated tree behind Section. Immutable once
// built; values[i] belongs to spec->options[i]; children in file order.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "config/syntax.hpp"
#include "config/values.hpp"

namespace mp::config {

struct Section::Impl {
    const SectionSpec* spec = nullptr;
    std::string keyword;  // the spec's spelling
    std::string label;
    Location where;
    std::vector<Value> values;
    std::vector<Section> children;
};

// Validate a syntax tree against `spec` (the root spec), reporting to `diag`.
std::shared_ptr<const Section::Impl> build_tree(const RawSection& raw, const SectionSpec& spec, DiagSink& diag);

}  // namespace mp::config
