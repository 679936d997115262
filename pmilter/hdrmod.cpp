// hdrmod.cpp: see hdrmod.hpp.
#include "pmilter/hdrmod.hpp"

#include <optional>

#include "sm/hdrmoddef.h"
#include "util/strings.hpp"

namespace mp::pmilter {

namespace {

// 0-based position of the n-th (1-based) field called `name`.
std::optional<size_t> position(const std::vector<std::string>& names, std::string_view name, int nth) {
    int seen = 0;
    for (size_t i = 0; i < names.size(); ++i)
        if (util::iequals(names[i], name) && ++seen == nth) return i;
    return std::nullopt;
}

HdrMod append(std::vector<std::string>& names, const HeaderEdit& e) {
    names.push_back(e.name);
    return {SM_HDRMOD_T_APPEND, 0, header_line(e.name, e.value)};
}

std::optional<HdrMod> plan_one(std::vector<std::string>& names, const HeaderEdit& e) {
    switch (e.op) {
    case HeaderEdit::Op::Add: return append(names, e);
    case HeaderEdit::Op::Insert: {
        size_t at = std::min(size_t(std::max(e.index, 0)), names.size());
        names.insert(names.begin() + long(at), e.name);
        return HdrMod{SM_HDRMOD_T_INSERT, uint32_t(at), header_line(e.name, e.value)};
    }
    case HeaderEdit::Op::Change: {
        auto at = position(names, e.name, e.index);
        if (!at) return append(names, e);
        return HdrMod{SM_HDRMOD_T_REPLACE, uint32_t(*at), header_line(e.name, e.value)};
    }
    case HeaderEdit::Op::Delete: {
        auto at = position(names, e.name, e.index);
        if (!at) return std::nullopt;
        names.erase(names.begin() + long(*at));
        return HdrMod{SM_HDRMOD_T_REMOVE, uint32_t(*at), e.name + ": \r\n"};
    }
    }
    return std::nullopt;
}

}  // namespace

std::vector<HdrMod> plan_header_edits(std::vector<std::string> names, const std::vector<HeaderEdit>& edits) {
    std::vector<HdrMod> out;
    for (const auto& e : edits)
        if (auto m = plan_one(names, e)) out.push_back(std::move(*m));
    return out;
}

std::string header_line(std::string_view name, std::string_view value) {
    std::string line(name);
    line += ':';
    if (value.empty() || (value[0] != ' ' && value[0] != '\t')) line += ' ';
    for (size_t i = 0; i < value.size(); ++i) {
        if (value[i] == '\n' && (i == 0 || value[i - 1] != '\r')) line += '\r';
        line += value[i];
    }
    return line + "\r\n";
}

}  // namespace mp::pmilter
