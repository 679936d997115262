// access.cpp: fuzz target for the access map (common/access): the RHS parser
// on its own, and whole map files (every LHS key normalized per tag, every
// RHS and protectedrcpt restriction list validated), then lookups of
// fuzzer-chosen "tag:key" texts as `milterpack lookup` takes them.
// Input: an RHS line, then a lookup list, then the map text, split by
// FuzzedDataProvider. Checked property: an RHS that parses, written back in
// canonical form (quick:, action name, ":" reply as AccessMap::dump writes
// it), parses to the same value; a difference __builtin_trap()s.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "access/accessmap.hpp"
#include "access/rhs.hpp"

namespace {

std::string canonical(const mp::access::Rhs& r) {
    std::string out = r.quick ? "quick:" : "";
    out += mp::access::action_name(r.action);
    if (r.action == mp::access::Action::Error) out += ":" + r.reply.str();
    return out;
}

void rhs_round_trip(const std::string& text) {
    auto rhs = mp::access::parse_rhs(text);
    if (!rhs) {
        if (rhs.error().offset > text.size()) __builtin_trap();  // the error points into the text
        return;
    }
    auto again = mp::access::parse_rhs(canonical(*rhs));
    if (!again || again->action != rhs->action || again->quick != rhs->quick || again->reply != rhs->reply)
        __builtin_trap();
}

void lookups(const mp::access::AccessMap& map, const std::string& list) {
    size_t start = 0;
    while (start <= list.size()) {
        size_t nl = list.find('\n', start);
        if (nl == std::string::npos) nl = list.size();
        if (auto m = map.lookup_text(std::string_view(list).substr(start, nl - start)); m && *m) (void)(*m)->log();
        start = nl + 1;
    }
    for (const auto& e : map.entries(mp::access::Tag::To)) (void)map.lookup(mp::access::Tag::To, e.lhs);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    FuzzedDataProvider in(data, size);
    rhs_round_trip(in.ConsumeRandomLengthString(256));
    std::string list = in.ConsumeRandomLengthString(512);
    mp::access::Options opts{.file = "fuzz.map", .delimiter = in.ConsumeBool() ? '+' : '-',
                             .implicit_detail = in.ConsumeBool()};
    std::string text = in.ConsumeRemainingBytesAsString();
    auto map = mp::access::AccessMap::parse(text, "fuzz.map", opts);
    if (!map) return 0;
    (void)map->dump();
    lookups(*map, list);
    return 0;
}
