// names.hpp: the vocabulary both ends of the test protocol share: return code
// names (SMTP_R_*), header-edit type names (SM_HDRMOD_T_*), macro id names
// (PMM_*), stage names, default reply texts, reply-text checking and the
// rules for macro requests (PROTOCOL.md sections 4 and 7). Pure functions on
// this implementation's sm/*.h values.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/result.hpp"

namespace mp::pmapi {

// "CONT" for SMTP_R_CONT, ...; nullptr for a value that is no SMTP_R_* code.
const char* code_name(int code);
std::optional<int> code_from_name(std::string_view name);

const char* hdrmod_name(unsigned int type);
std::optional<unsigned int> hdrmod_from_name(std::string_view name);

// "PMM_SEID" for PMM_SEID, ...
const char* macro_name(std::uint32_t id);
std::optional<std::uint32_t> macro_from_name(std::string_view name);

// Stage names as the driver's script writes them: connect ehlo mail rcpt data dot.
const char* stage_name(unsigned int stage);
std::optional<unsigned int> stage_from_name(std::string_view name);

// The reply text used when a callback set none (nullopt: smtps's own).
std::optional<std::string> default_reply(int code);

// One or more reply lines "[245]dd[ -]..." each ending in CRLF; a missing
// final CRLF is added. Anything else is an error.
Result<std::string> normalize_reply(std::string_view text);

// May `ids` be requested at `stage`? (count, known ids, TAID/MSGID stages)
Result<void> check_macro_request(unsigned int stage, const std::vector<std::uint32_t>& ids);

}  // namespace mp::pmapi
